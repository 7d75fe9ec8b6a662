package health.custodian.web.internal.chart;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.web.internal.support.Fhir;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Laboratory results grouped by panel: each laboratory DiagnosticReport with its result
 * Observations (R4 DiagnosticReport.result), then the laboratory Observations no report claims,
 * grouped by day. Abnormal flags come from Observation.interpretation (v3-ObservationInterpretation
 * H, L, A, HH, LL...) or, when absent, from comparing the value with referenceRange.
 */
final class ResultRows {

  static final String LOINC = "http://loinc.org";

  private ResultRows() {}

  static List<ChartRows.Panel> panels(ChartIndex index) {
    List<ChartRows.Panel> panels = new ArrayList<>();
    Set<String> claimed = new HashSet<>();
    for (JsonNode report : index.ofType("DiagnosticReport")) {
      if (!hasCategory(report, "LAB") && !hasCategory(report, "laboratory")) {
        continue;
      }
      List<ChartRows.Result> results = new ArrayList<>();
      for (JsonNode ref : report.path("result")) {
        String reference = ref.path("reference").asText();
        JsonNode obs = index.get(reference);
        if (obs != null) {
          claimed.add(reference);
          results.addAll(results(obs));
        }
      }
      panels.add(
          new ChartRows.Panel(
              report.path("id").asText(),
              Fhir.concept(report.path("code")),
              Fhir.when(report, "effective"),
              results));
    }
    Map<String, List<ChartRows.Result>> loose = new LinkedHashMap<>();
    for (JsonNode obs : index.ofType("Observation")) {
      if (!hasCategory(obs, "laboratory") || claimed.contains("Observation/" + obs.path("id"))) {
        continue;
      }
      String day = Fhir.day(Fhir.when(obs, "effective"));
      loose.computeIfAbsent(day, d -> new ArrayList<>()).addAll(results(obs));
    }
    loose.forEach((day, rs) -> panels.add(new ChartRows.Panel("", "Laboratory results", day, rs)));
    panels.sort(Comparator.comparing(ChartRows.Panel::date).reversed());
    return panels;
  }

  /** The rows of one Observation: itself, or its components (e.g. a blood pressure). */
  static List<ChartRows.Result> results(JsonNode obs) {
    String id = obs.path("id").asText();
    String date = Fhir.when(obs, "effective");
    List<ChartRows.Result> rows = new ArrayList<>();
    if (obs.has("component") && !obs.has("valueQuantity")) {
      for (JsonNode c : obs.path("component")) {
        rows.add(row(id, c, date, obs));
      }
    } else {
      rows.add(row(id, obs, date, obs));
    }
    return rows;
  }

  private static ChartRows.Result row(String id, JsonNode valued, String date, JsonNode obs) {
    JsonNode code = valued.path("code");
    String loinc = Fhir.code(code, LOINC);
    String value = value(valued);
    JsonNode range = valued.has("referenceRange") ? valued : obs;
    String flag = flag(valued, range);
    return new ChartRows.Result(
        id,
        loinc == null ? "" : loinc,
        Fhir.concept(code),
        value,
        range(range.path("referenceRange").path(0)),
        flag,
        !flag.isEmpty() && !flag.equals("N"),
        date);
  }

  static String value(JsonNode valued) {
    if (valued.has("valueQuantity")) {
      return Fhir.quantity(valued.get("valueQuantity"));
    }
    if (valued.has("valueCodeableConcept")) {
      return Fhir.concept(valued.get("valueCodeableConcept"));
    }
    for (String f : List.of("valueString", "valueBoolean", "valueInteger", "valueDateTime")) {
      if (valued.has(f)) {
        return valued.get(f).asText();
      }
    }
    return "";
  }

  private static String range(JsonNode rr) {
    if (rr.isMissingNode()) {
      return "";
    }
    if (rr.hasNonNull("text")) {
      return rr.get("text").asText();
    }
    String low = rr.path("low").hasNonNull("value") ? Fhir.quantity(rr.get("low")) : "";
    String high = rr.path("high").hasNonNull("value") ? Fhir.quantity(rr.get("high")) : "";
    if (low.isEmpty() && high.isEmpty()) {
      return "";
    }
    return low.isEmpty() ? "≤ " + high : high.isEmpty() ? "≥ " + low : low + " – " + high;
  }

  private static String flag(JsonNode valued, JsonNode rangeHolder) {
    String interp =
        valued.path("interpretation").path(0).path("coding").path(0).path("code").asText();
    if (!interp.isEmpty()) {
      return interp;
    }
    JsonNode q = valued.path("valueQuantity");
    JsonNode rr = rangeHolder.path("referenceRange").path(0);
    if (!q.hasNonNull("value") || rr.isMissingNode()) {
      return "";
    }
    double v = q.get("value").asDouble();
    if (rr.path("low").hasNonNull("value") && v < rr.path("low").get("value").asDouble()) {
      return "L";
    }
    if (rr.path("high").hasNonNull("value") && v > rr.path("high").get("value").asDouble()) {
      return "H";
    }
    return "N";
  }

  static boolean hasCategory(JsonNode r, String code) {
    for (JsonNode cat : r.path("category")) {
      for (JsonNode c : cat.path("coding")) {
        if (code.equals(c.path("code").asText())) {
          return true;
        }
      }
    }
    return false;
  }
}
