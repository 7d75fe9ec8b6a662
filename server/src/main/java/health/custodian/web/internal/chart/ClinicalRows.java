package health.custodian.web.internal.chart;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.web.internal.support.Fhir;
import java.util.ArrayList;
import java.util.List;

/** Maps clinical resources (R4 clinical module) to chart rows. */
final class ClinicalRows {

  private ClinicalRows() {}

  /** Encounter.class codes of v3-ActCode (R4 Encounter.class binding) as HIM staff say them. */
  static String kindLabel(String code) {
    return switch (code) {
      case "IMP", "ACUTE", "NONAC" -> "Inpatient";
      case "EMER" -> "Emergency";
      case "AMB" -> "Outpatient";
      case "VR" -> "Virtual";
      case "HH" -> "Home health";
      case "OBSENC" -> "Observation";
      case "PRENC" -> "Pre-admission";
      case "SS" -> "Short stay";
      default -> code.isEmpty() ? "Encounter" : code;
    };
  }

  static ChartRows.Encounter encounter(JsonNode e, int entries) {
    String kind = e.path("class").path("code").asText();
    return new ChartRows.Encounter(
        e.path("id").asText(),
        e.path("period").path("start").asText(),
        e.path("period").path("end").asText(),
        kind,
        kindLabel(kind),
        Fhir.concept(e.path("type").path(0)),
        Fhir.concept(e.path("reasonCode").path(0)),
        e.path("serviceProvider").path("display").asText(),
        entries);
  }

  static ChartRows.Condition condition(JsonNode c) {
    return new ChartRows.Condition(
        c.path("id").asText(),
        Fhir.concept(c.path("code")),
        Fhir.codeLabel(c.path("code")),
        Fhir.concept(c.path("clinicalStatus")),
        Fhir.day(Fhir.when(c, "onset")),
        Fhir.day(Fhir.when(c, "abatement")));
  }

  static boolean active(JsonNode condition) {
    String s = condition.path("clinicalStatus").path("coding").path(0).path("code").asText();
    return s.equals("active") || s.equals("recurrence") || s.equals("relapse");
  }

  static ChartRows.Procedure procedure(JsonNode p) {
    return new ChartRows.Procedure(
        p.path("id").asText(),
        Fhir.concept(p.path("code")),
        Fhir.codeLabel(p.path("code")),
        Fhir.day(Fhir.when(p, "performed")),
        p.path("status").asText());
  }

  static ChartRows.Medication medication(JsonNode m, ChartIndex index) {
    String display = Fhir.concept(m.path("medicationCodeableConcept"));
    String medRef = m.path("medicationReference").path("reference").asText();
    if (display.isEmpty() && !medRef.isEmpty()) {
      JsonNode med = index.get(medRef);
      display =
          med != null
              ? Fhir.concept(med.path("code"))
              : m.path("medicationReference").path("display").asText();
    }
    String status = m.path("status").asText();
    return new ChartRows.Medication(
        m.path("id").asText(),
        display,
        status,
        status.equals("active") || status.equals("on-hold"),
        Fhir.day(m.path("authoredOn").asText()),
        dosage(m.path("dosageInstruction")));
  }

  /** Dosage text, else "1 x 2/day"-style from doseAndRate and timing (R4 Dosage). */
  static String dosage(JsonNode dosages) {
    List<String> parts = new ArrayList<>();
    for (JsonNode d : dosages) {
      if (d.hasNonNull("text")) {
        parts.add(d.get("text").asText());
        continue;
      }
      StringBuilder s = new StringBuilder();
      JsonNode dose = d.path("doseAndRate").path(0).path("doseQuantity");
      if (dose.hasNonNull("value")) {
        s.append(Fhir.quantity(dose));
      }
      JsonNode repeat = d.path("timing").path("repeat");
      if (repeat.hasNonNull("frequency")) {
        s.append(s.isEmpty() ? "" : ", ")
            .append(repeat.get("frequency").asText())
            .append(" per ")
            .append(Fhir.number(repeat.path("period").asDouble(1)))
            .append(' ')
            .append(repeat.path("periodUnit").asText());
      }
      if (d.path("asNeededBoolean").asBoolean(false)) {
        s.append(s.isEmpty() ? "" : ", ").append("as needed");
      }
      if (!s.isEmpty()) {
        parts.add(s.toString());
      }
    }
    return String.join("; ", parts);
  }

  static ChartRows.Immunization immunization(JsonNode i) {
    return new ChartRows.Immunization(
        i.path("id").asText(),
        Fhir.concept(i.path("vaccineCode")),
        Fhir.day(i.path("occurrenceDateTime").asText()),
        i.path("status").asText());
  }

  static ChartRows.Allergy allergy(JsonNode a) {
    List<String> reactions = new ArrayList<>();
    for (JsonNode r : a.path("reaction")) {
      for (JsonNode m : r.path("manifestation")) {
        reactions.add(Fhir.concept(m));
      }
    }
    return new ChartRows.Allergy(
        a.path("id").asText(),
        Fhir.concept(a.path("code")),
        a.path("criticality").asText(),
        String.join(", ", reactions),
        Fhir.concept(a.path("clinicalStatus")));
  }

  static ChartRows.CarePlan carePlan(JsonNode c) {
    String display = c.path("title").asText();
    if (display.isEmpty()) {
      display = Fhir.concept(c.path("category").path(c.path("category").size() - 1));
    }
    return new ChartRows.CarePlan(
        c.path("id").asText(),
        display,
        c.path("status").asText(),
        Fhir.day(c.path("period").path("start").asText()),
        Fhir.day(c.path("period").path("end").asText()));
  }
}
