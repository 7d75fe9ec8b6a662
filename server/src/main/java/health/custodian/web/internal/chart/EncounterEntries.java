package health.custodian.web.internal.chart;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.web.internal.support.Fhir;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The drill-down of one encounter, grouped as HIM staff read an encounter's documentation. */
final class EncounterEntries {

  /** Resource type to the group it is shown under, in display order. */
  static final Map<String, String> GROUPS =
      Map.ofEntries(
          Map.entry("Condition", "1 Diagnoses"),
          Map.entry("Procedure", "2 Procedures"),
          Map.entry("MedicationRequest", "3 Orders"),
          Map.entry("ServiceRequest", "3 Orders"),
          Map.entry("Immunization", "3 Orders"),
          Map.entry("DiagnosticReport", "4 Results"),
          Map.entry("Observation", "4 Results"),
          Map.entry("DocumentReference", "5 Notes"),
          Map.entry("CarePlan", "5 Notes"),
          Map.entry("Claim", "6 Claims"),
          Map.entry("ExplanationOfBenefit", "6 Claims"));

  private EncounterEntries() {}

  static List<ChartRows.EncounterEntry> of(List<JsonNode> resources) {
    List<ChartRows.EncounterEntry> out = new ArrayList<>();
    for (JsonNode r : resources) {
      String type = r.path("resourceType").asText();
      String group = GROUPS.getOrDefault(type, "7 Other");
      out.add(
          new ChartRows.EncounterEntry(
              group.substring(2), type, r.path("id").asText(), display(r, type), detail(r, type)));
    }
    out.sort(
        Comparator.comparing((ChartRows.EncounterEntry e) -> rank(e.group()))
            .thenComparing(ChartRows.EncounterEntry::display));
    return out;
  }

  private static int rank(String group) {
    for (String g : GROUPS.values()) {
      if (g.substring(2).equals(group)) {
        return g.charAt(0);
      }
    }
    return '7';
  }

  private static String display(JsonNode r, String type) {
    return switch (type) {
      case "MedicationRequest" -> Fhir.concept(r.path("medicationCodeableConcept"));
      case "Immunization" -> Fhir.concept(r.path("vaccineCode"));
      case "Claim", "ExplanationOfBenefit" -> type + " " + Fhir.concept(r.path("type"));
      case "DocumentReference" -> Fhir.concept(r.path("type"));
      default -> Fhir.concept(r.path("code"));
    };
  }

  private static String detail(JsonNode r, String type) {
    return switch (type) {
      case "Observation" -> ResultRows.value(r);
      case "Condition" -> Fhir.codeLabel(r.path("code"));
      case "Procedure" -> Fhir.codeLabel(r.path("code"));
      case "Claim" -> Fhir.money(r.path("total"));
      case "ExplanationOfBenefit" -> Fhir.money(r.path("payment").path("amount"));
      default -> r.path("status").asText();
    };
  }
}
