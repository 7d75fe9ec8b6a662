package health.custodian.web.internal.chart;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.web.internal.support.Fhir;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Series of numeric Observation values by LOINC code, including Observation.component values (a
 * blood pressure panel carries systolic and diastolic as components), oldest first.
 */
final class Vitals {

  private Vitals() {}

  record Point(String date, double value, String unit) {}

  static List<PatientChart.VitalSeries> series(ChartIndex index, Map<String, String> codes) {
    Map<String, List<Point>> points = new TreeMap<>();
    for (JsonNode obs : index.ofType("Observation")) {
      collect(obs, codes.keySet(), points);
    }
    List<PatientChart.VitalSeries> out = new ArrayList<>();
    points.forEach((code, list) -> out.add(toSeries(code, codes.getOrDefault(code, code), list)));
    return out;
  }

  /** The series of one code for the trend view. */
  static PatientChart.VitalSeries trend(List<JsonNode> observations, String code) {
    Map<String, List<Point>> points = new TreeMap<>();
    String name = code;
    for (JsonNode obs : observations) {
      collect(obs, java.util.Set.of(code), points);
      if (name.equals(code)) {
        String display = displayOf(obs, code);
        if (!display.isEmpty()) {
          name = display;
        }
      }
    }
    return toSeries(code, name, points.getOrDefault(code, List.of()));
  }

  private static String displayOf(JsonNode obs, String code) {
    if (code.equals(Fhir.code(obs.path("code"), ResultRows.LOINC))) {
      return Fhir.concept(obs.path("code"));
    }
    for (JsonNode c : obs.path("component")) {
      if (code.equals(Fhir.code(c.path("code"), ResultRows.LOINC))) {
        return Fhir.concept(c.path("code"));
      }
    }
    return "";
  }

  private static void collect(
      JsonNode obs, java.util.Set<String> codes, Map<String, List<Point>> points) {
    String date = Fhir.when(obs, "effective");
    add(obs, date, codes, points);
    for (JsonNode c : obs.path("component")) {
      add(c, date, codes, points);
    }
  }

  private static void add(
      JsonNode valued, String date, java.util.Set<String> codes, Map<String, List<Point>> points) {
    String code = Fhir.code(valued.path("code"), ResultRows.LOINC);
    JsonNode q = valued.path("valueQuantity");
    if (code == null || !codes.contains(code) || !q.hasNonNull("value") || date.isEmpty()) {
      return;
    }
    String unit = q.hasNonNull("unit") ? q.get("unit").asText() : q.path("code").asText();
    points
        .computeIfAbsent(code, k -> new ArrayList<>())
        .add(new Point(date, q.get("value").asDouble(), unit));
  }

  private static PatientChart.VitalSeries toSeries(String code, String name, List<Point> list) {
    List<Point> sorted = new ArrayList<>(list);
    sorted.sort(Comparator.comparing(Point::date));
    return new PatientChart.VitalSeries(
        code,
        name,
        sorted.isEmpty() ? "" : sorted.get(0).unit(),
        sorted.stream().map(p -> Fhir.day(p.date())).toList(),
        sorted.stream().map(Point::value).toList());
  }
}
