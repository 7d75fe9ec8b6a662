package health.custodian.web.internal.home;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.RecordQueries;
import health.custodian.web.internal.support.Fhir;
import health.custodian.web.internal.support.JsonTrees;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The work lists of the role home pages, each one FHIR search through {@link RecordQueries} (so
 * authorised and audited like the API) plus one search for the names of the patients concerned: the
 * coder's recently finished encounters, the records supervisor's recently changed patient records,
 * the billing specialist's latest claims and explanations of benefit.
 */
@Service
class HomePanels {

  static final int ROWS = 10;

  private final RecordQueries records;
  private final JsonTrees mapper;

  HomePanels(RecordQueries records, JsonTrees mapper) {
    this.records = records;
    this.mapper = mapper;
  }

  record EncounterRow(
      String patientId, String patient, String start, String kind, String type, String reason) {}

  record ChangeRow(
      String type,
      String id,
      String what,
      String patientId,
      String patient,
      String updated,
      String version) {}

  record ClaimRow(
      String patientId,
      String patient,
      String kind,
      String created,
      String type,
      String status,
      String total,
      String paid) {}

  /** The latest finished encounters, the coder's queue (R4 Encounter.status {@code finished}). */
  List<EncounterRow> encountersToCode() {
    List<JsonNode> found =
        search("Encounter", Map.of("status", List.of("finished"), "_sort", List.of("-date")));
    Map<String, String> names = names(found);
    return found.stream()
        .map(
            e -> {
              String patientId = Fhir.refId(e.get("subject"), "Patient");
              return new EncounterRow(
                  patientId,
                  names.getOrDefault(patientId, ""),
                  Fhir.day(e.path("period").path("start").asText()),
                  e.path("class").path("display").asText(e.path("class").path("code").asText()),
                  Fhir.concept(e.path("type").path(0)),
                  Fhir.concept(e.path("reasonCode").path(0)));
            })
        .toList();
  }

  /**
   * The record entries changed last, newest first, over the kinds the supervisor amends most
   * (demographics, diagnoses, documents, encounters): each row links to its version history.
   */
  List<ChangeRow> recentlyChanged() {
    List<JsonNode> all = new ArrayList<>();
    for (String type : CHANGED_TYPES) {
      all.addAll(search(type, Map.of("_sort", List.of("-_lastUpdated"))));
    }
    // By instant, not by text: ISO_INSTANT leaves out a zero fraction, so "...:05Z" would sort
    // after "...:05.120Z" and a whole-second batch could push newer changes off the list.
    all.sort(Comparator.comparing(HomePanels::lastUpdated).reversed());
    List<JsonNode> latest = all.size() > ROWS ? all.subList(0, ROWS) : all;
    Map<String, String> names = new HashMap<>();
    for (JsonNode r : latest) {
      if (r.path("resourceType").asText().equals("Patient")) {
        names.put(r.path("id").asText(), Fhir.name(r));
      }
    }
    names.putAll(names(latest.stream().filter(r -> !names.containsKey(patientOf(r))).toList()));
    return latest.stream()
        .map(
            r -> {
              String type = r.path("resourceType").asText();
              String patientId = patientOf(r);
              return new ChangeRow(
                  type,
                  r.path("id").asText(),
                  what(r),
                  patientId,
                  names.getOrDefault(patientId, ""),
                  minute(r.path("meta").path("lastUpdated").asText()),
                  r.path("meta").path("versionId").asText());
            })
        .toList();
  }

  static final List<String> CHANGED_TYPES =
      List.of("Patient", "Condition", "DocumentReference", "Encounter");

  static Instant lastUpdated(JsonNode r) {
    try {
      return Instant.parse(r.path("meta").path("lastUpdated").asText());
    } catch (java.time.format.DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /** An instant as "2026-01-02 10:20" (UTC, as stored). */
  private static String minute(String instant) {
    return instant.length() < 16 ? instant : instant.substring(0, 16).replace('T', ' ');
  }

  private static String patientOf(JsonNode r) {
    if (r.path("resourceType").asText().equals("Patient")) {
      return r.path("id").asText();
    }
    return Fhir.refId(r.get(r.has("subject") ? "subject" : "patient"), "Patient");
  }

  private static String what(JsonNode r) {
    return switch (r.path("resourceType").asText()) {
      case "Patient" -> "Demographics";
      case "Condition" -> Fhir.concept(r.path("code"));
      case "DocumentReference" -> Fhir.concept(r.path("type"));
      case "Encounter" -> Fhir.concept(r.path("type").path(0));
      default -> r.path("resourceType").asText();
    };
  }

  /** The latest claims and explanations of benefit together, newest first. */
  List<ClaimRow> claims() {
    List<JsonNode> claims = search("Claim", Map.of("_sort", List.of("-created")));
    List<JsonNode> eobs = search("ExplanationOfBenefit", Map.of("_sort", List.of("-created")));
    List<JsonNode> all = new ArrayList<>(claims);
    all.addAll(eobs);
    Map<String, String> names = names(all);
    List<ClaimRow> rows = new ArrayList<>();
    for (JsonNode c : claims) {
      rows.add(claim(c, names, "Claim", c.path("status").asText(), c.path("total"), null));
    }
    for (JsonNode e : eobs) {
      rows.add(
          claim(
              e,
              names,
              "EOB",
              e.path("outcome").asText(),
              e.path("total").path(0).path("amount"),
              e.path("payment").path("amount")));
    }
    rows.sort(Comparator.comparing(ClaimRow::created).reversed());
    return rows.size() > ROWS ? List.copyOf(rows.subList(0, ROWS)) : rows;
  }

  private static ClaimRow claim(
      JsonNode c,
      Map<String, String> names,
      String kind,
      String status,
      JsonNode total,
      @org.jspecify.annotations.Nullable JsonNode paid) {
    String patientId = Fhir.refId(c.get("patient"), "Patient");
    return new ClaimRow(
        patientId,
        names.getOrDefault(patientId, ""),
        kind,
        Fhir.day(c.path("created").asText()),
        Fhir.concept(c.path("type")),
        status,
        Fhir.money(total),
        paid == null ? "" : Fhir.money(paid));
  }

  private List<JsonNode> search(String type, Map<String, List<String>> parameters) {
    List<JsonNode> out = new ArrayList<>();
    for (String json : records.search(type, parameters, ROWS, null).resources()) {
      out.add(mapper.parse(json));
    }
    return out;
  }

  /** The names of the resources' patients, in one search ({@code _id=a,b,c}). */
  private Map<String, String> names(List<JsonNode> resources) {
    Set<String> ids = new LinkedHashSet<>();
    resources.forEach(r -> ids.add(patientOf(r)));
    ids.remove("");
    Map<String, String> names = new HashMap<>();
    if (ids.isEmpty()) {
      return names;
    }
    for (String json :
        records
            .search("Patient", Map.of("_id", List.of(String.join(",", ids))), ids.size(), null)
            .resources()) {
      JsonNode p = mapper.parse(json);
      names.put(p.path("id").asText(), Fhir.name(p));
    }
    return names;
  }
}
