package health.custodian.web.internal.finder;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.RecordQueries;
import health.custodian.web.internal.support.Fhir;
import health.custodian.web.internal.support.JsonTrees;
import java.text.Normalizer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Finds patients by name, birth date, identifier (MRN or any other), sex and postal code, through
 * FHIR search on Patient. Names match accent- and case-insensitively by prefix (the FHIR string
 * rules); when that finds nothing, a tolerant pass searches each name part by its first letters and
 * ranks candidates by edit distance, so "Jonh Smiht" still finds John Smith.
 */
@Service
class PatientFinder {

  static final int PAGE = 20;
  static final int FUZZY_CANDIDATES = 300;
  static final int FUZZY_PREFIX = 2;

  private final RecordQueries records;
  private final JsonTrees mapper;
  private final Clock clock;

  PatientFinder(RecordQueries records, JsonTrees mapper) {
    this.records = records;
    this.mapper = mapper;
    this.clock = Clock.systemUTC();
  }

  record Query(String name, String birthdate, String identifier, String gender, String postal) {

    public boolean isEmpty() {
      return (name + birthdate + identifier + gender + postal).isBlank();
    }
  }

  record Row(
      String id,
      String name,
      String gender,
      String birthDate,
      @Nullable Integer age,
      String mrn,
      String postal,
      String lastVisit) {}

  /**
   * @param tolerant whether the rows came from the typo-tolerant pass (the page says so)
   */
  record Result(List<Row> rows, @Nullable String next, boolean tolerant, @Nullable Long total) {}

  Result find(Query q, @Nullable String pageToken) {
    if (q.isEmpty()) {
      return new Result(List.of(), null, false, 0L);
    }
    Map<String, List<String>> params = filters(q);
    List<String> parts = nameParts(q.name());
    if (!parts.isEmpty()) {
      params.put("name", parts);
    }
    RecordQueries.Page page = records.search("Patient", params, PAGE, pageToken);
    if (!page.resources().isEmpty() || parts.isEmpty() || pageToken != null) {
      return new Result(rows(page.resources()), page.nextPageToken(), false, page.total());
    }
    return tolerant(q, parts);
  }

  private Result tolerant(Query q, List<String> parts) {
    Map<String, List<String>> params = filters(q);
    params.put(
        "name",
        parts.stream()
            .map(p -> p.substring(0, Math.min(FUZZY_PREFIX, p.length())))
            .distinct()
            .toList());
    RecordQueries.Page page = records.search("Patient", params, FUZZY_CANDIDATES, null);
    String wanted = String.join(" ", parts);
    record Scored(String json, double score) {}
    List<Scored> scored = new ArrayList<>();
    for (String json : page.resources()) {
      String name = fold(Fhir.name(parse(json)));
      double s = similarity(wanted, name);
      if (s >= 0.6) {
        scored.add(new Scored(json, s));
      }
    }
    scored.sort(Comparator.comparingDouble(Scored::score).reversed());
    List<String> best = scored.stream().limit(PAGE).map(Scored::json).toList();
    return new Result(rows(best), null, true, (long) best.size());
  }

  private static Map<String, List<String>> filters(Query q) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (!q.birthdate().isBlank()) {
      params.put("birthdate", List.of(q.birthdate().trim()));
    }
    if (!q.identifier().isBlank()) {
      params.put("identifier", List.of(q.identifier().trim()));
    }
    if (!q.gender().isBlank()) {
      params.put("gender", List.of(q.gender().trim()));
    }
    if (!q.postal().isBlank()) {
      params.put("address-postalcode", List.of(q.postal().trim()));
    }
    return params;
  }

  static List<String> nameParts(String name) {
    List<String> parts = new ArrayList<>();
    for (String p : name.trim().split("[\\s,]+")) {
      if (!p.isBlank()) {
        parts.add(p);
      }
    }
    return parts;
  }

  private List<Row> rows(List<String> jsons) {
    LocalDate today = LocalDate.now(clock);
    List<Row> rows = new ArrayList<>();
    for (String json : jsons) {
      JsonNode p = parse(json);
      String id = p.path("id").asText();
      String birth = p.path("birthDate").asText();
      rows.add(
          new Row(
              id,
              Fhir.name(p),
              p.path("gender").asText(),
              birth,
              Fhir.age(birth, today),
              mrn(p),
              p.path("address").path(0).path("postalCode").asText(),
              lastVisit(id)));
    }
    return rows;
  }

  /** The start of the latest encounter: one indexed, sorted single-row search per patient. */
  private String lastVisit(String patientId) {
    RecordQueries.Page page =
        records.search(
            "Encounter",
            Map.of("subject", List.of("Patient/" + patientId), "_sort", List.of("-date")),
            1,
            null);
    if (page.resources().isEmpty()) {
      return "";
    }
    return Fhir.day(parse(page.resources().get(0)).path("period").path("start").asText());
  }

  private static String mrn(JsonNode p) {
    for (JsonNode i : p.path("identifier")) {
      if ("MR".equals(i.path("type").path("coding").path(0).path("code").asText())) {
        return i.path("value").asText();
      }
    }
    return "";
  }

  private JsonNode parse(String json) {
    return mapper.parse(json);
  }

  /** Lower case, accents removed, digits dropped (Synthea appends digits to names). */
  static String fold(String s) {
    String n = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    return n.toLowerCase(Locale.ROOT).replaceAll("[0-9]", "").trim();
  }

  /**
   * 1 - (optimal string alignment distance / longer length), comparing the query with the name word
   * by word in the best order, so given/family order does not matter.
   */
  static double similarity(String query, String name) {
    List<String> want = nameParts(fold(query));
    List<String> have = nameParts(name);
    if (want.isEmpty() || have.isEmpty()) {
      return 0;
    }
    double total = 0;
    for (String w : want) {
      double best = 0;
      for (String h : have) {
        int d = distance(w, h);
        best = Math.max(best, 1.0 - (double) d / Math.max(w.length(), h.length()));
      }
      total += best;
    }
    return total / want.size();
  }

  /** Optimal string alignment (Damerau-Levenshtein with adjacent transpositions). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
