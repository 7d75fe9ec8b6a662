package health.custodian.web.internal.chart;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.web.internal.support.Fhir;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The chart header: who the patient is and what a reader must know first. */
final class HeaderRows {

  /** v2-0203 identifier type of a medical record number. */
  static final String MRN = "MR";

  private HeaderRows() {}

  static ChartRows.Header header(JsonNode patient, ChartIndex index, LocalDate today) {
    List<ChartRows.Identifier> ids = new ArrayList<>();
    String mrn = "";
    for (JsonNode i : patient.path("identifier")) {
      String typeCode = i.path("type").path("coding").path(0).path("code").asText();
      String label = Fhir.concept(i.path("type"));
      if (label.isEmpty()) {
        label = i.path("system").asText();
      }
      String value = i.path("value").asText();
      ids.add(new ChartRows.Identifier(label, "SS".equals(typeCode) ? masked(value) : value));
      if (MRN.equals(typeCode) && mrn.isEmpty()) {
        mrn = i.path("value").asText();
      }
    }
    List<String> contacts = new ArrayList<>();
    for (JsonNode c : patient.path("contact")) {
      String who = Fhir.name(wrapName(c));
      String rel = Fhir.concept(c.path("relationship").path(0));
      String phone = c.path("telecom").path(0).path("value").asText();
      contacts.add(String.join(" · ", nonEmpty(who, rel, phone)));
    }
    List<String> allergies = new ArrayList<>();
    for (JsonNode a : index.ofType("AllergyIntolerance")) {
      String status = a.path("clinicalStatus").path("coding").path(0).path("code").asText();
      if (status.isEmpty() || status.equals("active")) {
        allergies.add(Fhir.concept(a.path("code")));
      }
    }
    List<String> problems = new ArrayList<>();
    for (JsonNode c : index.ofType("Condition")) {
      if (ClinicalRows.active(c)) {
        problems.add(Fhir.concept(c.path("code")));
      }
    }
    String birth = patient.path("birthDate").asText();
    String deceased =
        patient.has("deceasedDateTime")
            ? Fhir.day(patient.get("deceasedDateTime").asText())
            : patient.path("deceasedBoolean").asBoolean(false) ? "yes" : "";
    return new ChartRows.Header(
        patient.path("id").asText(),
        Fhir.name(patient),
        birth,
        Fhir.age(birth, today),
        patient.path("gender").asText(),
        mrn,
        ids,
        address(patient.path("address").path(0)),
        patient.path("telecom").path(0).path("value").asText(),
        contacts,
        deceased,
        sensitivity(index),
        allergies,
        problems.stream().distinct().toList());
  }

  /**
   * A social security number shows its last four digits only: the chart needs it to tell patients
   * apart, not to copy it (minimum necessary, HIPAA 164.502(b)).
   */
  static String masked(String ssn) {
    String digits = ssn.replaceAll("[^0-9]", "");
    return digits.length() < 4 ? "••••" : "•••-••-" + digits.substring(digits.length() - 4);
  }

  /** Security labels anywhere in the record (R4 meta.security), shown as flags on the chart. */
  static List<String> sensitivity(ChartIndex index) {
    Set<String> labels = new LinkedHashSet<>();
    for (String type :
        List.of(
            "Patient",
            "Condition",
            "Observation",
            "DocumentReference",
            "Encounter",
            "MedicationRequest",
            "Procedure",
            "DiagnosticReport")) {
      for (JsonNode r : index.ofType(type)) {
        for (JsonNode s : r.path("meta").path("security")) {
          String display = s.path("display").asText();
          labels.add(display.isEmpty() ? s.path("code").asText() : display);
        }
      }
    }
    return List.copyOf(labels);
  }

  static String address(JsonNode a) {
    if (a.isMissingNode()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode l : a.path("line")) {
      parts.add(l.asText());
    }
    parts.addAll(
        nonEmpty(a.path("city").asText(), a.path("state").asText(), a.path("postalCode").asText()));
    return String.join(", ", parts);
  }

  private static JsonNode wrapName(JsonNode contact) {
    com.fasterxml.jackson.databind.node.ObjectNode o =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    if (contact.has("name")) {
      o.putArray("name").add(contact.get("name"));
    }
    return o;
  }

  private static List<String> nonEmpty(String... values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      if (!v.isEmpty()) {
        out.add(v);
      }
    }
    return out;
  }
}
