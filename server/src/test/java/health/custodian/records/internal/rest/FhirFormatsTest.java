package health.custodian.records.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import health.custodian.records.FhirException;
import health.custodian.records.internal.json.FhirJson;
import org.junit.jupiter.api.Test;

class FhirFormatsTest {

  /** Building a FhirContext is slow; one for the whole class, like the singleton bean. */
  private static final FhirFormats FORMATS = new FhirFormats();

  private static final String PATIENT_JSON =
      "{\"resourceType\":\"Patient\",\"id\":\"p1\","
          + "\"meta\":{\"versionId\":\"3\"},"
          + "\"extension\":[{\"url\":\"http://example.org/fhir/StructureDefinition/score\","
          + "\"valueDecimal\":1.50},"
          + "{\"url\":\"http://hl7.org/fhir/StructureDefinition/patient-birthPlace\","
          + "\"valueAddress\":{\"city\":\"Springfield\"}}],"
          + "\"name\":[{\"family\":\"Doe\",\"given\":[\"Jane\",\"Q\"]}],"
          + "\"gender\":\"female\","
          + "\"_birthDate\":{\"extension\":[{\"url\":"
          + "\"http://hl7.org/fhir/StructureDefinition/patient-birthTime\","
          + "\"valueDateTime\":\"1970-01-01T08:30:00Z\"}]},"
          + "\"birthDate\":\"1970-01-01\","
          + "\"generalPractitioner\":[{\"reference\":\"Practitioner/9/_history/2\"}]}";

  private static FhirException invalidXml(String xml) {
    FhirException e = catchThrowableOfType(FhirException.class, () -> FORMATS.xmlToJson(xml));
    assertThat(e).as("expected invalid-xml").isNotNull();
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("invalid-xml");
    return e;
  }

  @Test
  void jsonToXmlToJsonRoundTripIsLossless() {
    String xml = FORMATS.jsonToXml(PATIENT_JSON, true);
    assertThat(xml)
        .contains("<Patient xmlns=\"http://hl7.org/fhir\">")
        .contains("<valueDecimal value=\"1.50\"/>")
        .contains("Practitioner/9/_history/2")
        .contains("\n");

    String json = FORMATS.xmlToJson(xml);
    assertThat(FhirJson.parse(json)).isEqualTo(FhirJson.parse(PATIENT_JSON));
    assertThat(json).contains("\"valueDecimal\":1.50");
  }

  @Test
  void compactXmlHasNoLineBreaks() {
    assertThat(FORMATS.jsonToXml(PATIENT_JSON, false)).doesNotContain("\n");
  }

  @Test
  void malformedXmlIsInvalidXml() {
    FhirException e =
        invalidXml("<Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"female\"></Patient>");
    assertThat(e.getMessage()).startsWith("Invalid FHIR XML");
    invalidXml("");
    invalidXml("not xml at all");
  }

  @Test
  void unknownElementIsAnErrorNotDropped() {
    FhirException e =
        invalidXml(
            "<Patient xmlns=\"http://hl7.org/fhir\"><favouriteColour value=\"blue\"/></Patient>");
    assertThat(e.getMessage()).contains("favouriteColour");
  }

  @Test
  void unknownResourceTypeIsInvalidXml() {
    FhirException e =
        invalidXml("<Patent xmlns=\"http://hl7.org/fhir\"><id value=\"1\"/></Patent>");
    assertThat(e.getMessage()).contains("Patent");
  }

  @Test
  void rootOutsideTheFhirNamespaceIsInvalidXml() {
    assertThat(invalidXml("<Patient><id value=\"1\"/></Patient>").getMessage())
        .contains("http://hl7.org/fhir");
    invalidXml("<Patient xmlns=\"urn:other\"><id value=\"1\"/></Patient>");
  }

  @Test
  void childOutsideTheFhirNamespaceIsInvalidXml() {
    invalidXml(
        "<Patient xmlns=\"http://hl7.org/fhir\"><x:active xmlns:x=\"urn:other\" value=\"true\"/>"
            + "</Patient>");
  }

  @Test
  void narrativeXhtmlIsAccepted() {
    String xml =
        "<Patient xmlns=\"http://hl7.org/fhir\"><text><status value=\"generated\"/>"
            + "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Jane <b>Doe</b></p></div></text>"
            + "<active value=\"true\"/></Patient>";
    assertThat(FORMATS.xmlToJson(xml)).contains("\"active\":true").contains("<b>Doe</b>");
  }

  @Test
  void fhirElementsInsideTheNarrativeAreInvalidXml() {
    invalidXml(
        "<Patient xmlns=\"http://hl7.org/fhir\"><text><status value=\"generated\"/>"
            + "<div xmlns=\"http://www.w3.org/1999/xhtml\"><active xmlns=\"http://hl7.org/fhir\"/>"
            + "</div></text></Patient>");
  }

  @Test
  void invalidPrimitiveValueIsInvalidXml() {
    invalidXml("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"maybe\"/></Patient>");
  }

  @Test
  void externalEntitiesAreNotResolved() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"&x;\"/></Patient>";
    FhirException e = invalidXml(xxe);
    assertThat(e.getMessage()).doesNotContain("root:");
  }

  @Test
  void invalidJsonInputToXmlIsInvalidJson() {
    FhirException e =
        catchThrowableOfType(
            FhirException.class,
            () -> FORMATS.jsonToXml("{\"resourceType\":\"Patient\",\"colour\":\"blue\"}", false));
    assertThat(e).isNotNull();
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("invalid-json");
    assertThat(e.getMessage()).contains("colour");
  }

  @Test
  void prettyJsonKeepsOrderAndDecimals() {
    String pretty = FORMATS.prettyJson("{\"resourceType\":\"Basic\",\"b\":1.50,\"a\":[]}");
    assertThat(pretty)
        .isEqualTo("{\n  \"resourceType\": \"Basic\",\n  \"b\": 1.50,\n  \"a\": [ ]\n}");
  }

  @Test
  void prettyJsonRejectsMalformedJson() {
    FhirException e =
        catchThrowableOfType(FhirException.class, () -> FORMATS.prettyJson("{\"a\":1} x"));
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo("invalid-json");
  }
}
