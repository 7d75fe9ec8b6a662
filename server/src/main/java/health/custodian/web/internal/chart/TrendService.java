package health.custodian.web.internal.chart;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.RecordQueries;
import health.custodian.web.internal.support.Fhir;
import health.custodian.web.internal.support.JsonTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * A trend of one LOINC code for one patient (e.g. HbA1c 4548-4 or eGFR), from one search: {@code
 * Observation?patient=X&combo-code=http://loinc.org|CODE} ({@code combo-code} also matches
 * component codes, R4 Observation search parameters).
 */
@Service
class TrendService {

  static final int MAX_POINTS = 2_000;

  private final RecordQueries records;
  private final JsonTrees mapper;

  TrendService(RecordQueries records, JsonTrees mapper) {
    this.records = records;
    this.mapper = mapper;
  }

  record Trend(
      String patientName,
      PatientChart.VitalSeries series,
      List<ChartRows.Result> rows,
      String lowRange,
      String highRange) {}

  Optional<Trend> trend(String patientId, String code) {
    Optional<String> patient = records.read("Patient", patientId);
    if (patient.isEmpty()) {
      return Optional.empty();
    }
    RecordQueries.Page page =
        records.search(
            "Observation",
            Map.of(
                "patient", List.of(patientId),
                "combo-code", List.of(ResultRows.LOINC + "|" + code),
                "_sort", List.of("date")),
            MAX_POINTS,
            null);
    List<JsonNode> observations = new ArrayList<>();
    for (String json : page.resources()) {
      observations.add(parse(json));
    }
    List<ChartRows.Result> rows = new ArrayList<>();
    String low = "";
    String high = "";
    for (JsonNode obs : observations) {
      for (ChartRows.Result r : ResultRows.results(obs)) {
        if (r.code().equals(code)) {
          rows.add(r);
        }
      }
      JsonNode rr = obs.path("referenceRange").path(0);
      if (low.isEmpty() && rr.path("low").hasNonNull("value")) {
        low = rr.path("low").get("value").asText();
      }
      if (high.isEmpty() && rr.path("high").hasNonNull("value")) {
        high = rr.path("high").get("value").asText();
      }
    }
    java.util.Collections.reverse(rows);
    return Optional.of(
        new Trend(
            Fhir.name(parse(patient.get())), Vitals.trend(observations, code), rows, low, high));
  }

  private JsonNode parse(String json) {
    return mapper.parse(json);
  }
}
