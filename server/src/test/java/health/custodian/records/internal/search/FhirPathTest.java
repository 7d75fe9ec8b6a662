package health.custodian.records.internal.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FhirPathTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String PATIENT =
      """
      {"resourceType":"Patient","id":"p1",
       "name":[{"family":"Smith","given":["Ann","B"]},{"family":"Jones"}],
       "telecom":[{"system":"phone","value":"555"},{"system":"email","value":"a@b.c"}],
       "deceasedBoolean":false,
       "extension":[{"url":"http://x/race","valueString":"r"},{"url":"http://x/other","valueString":"o"}],
       "generalPractitioner":[{"reference":"Practitioner/9"},{"reference":"Organization/3"},
                              {"reference":"http://other/fhir/Practitioner/7/_history/2"}]}
      """;

  private static final String OBSERVATION =
      """
      {"resourceType":"Observation","id":"o1",
       "valueQuantity":{"value":5.4,"unit":"mg"},
       "component":[{"valueCodeableConcept":{"text":"c1"}},{"valueQuantity":{"value":1}}],
       "effectiveDateTime":"2013-04-02"}
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(PATIENT, "Patient.name.family", List.of("\"Smith\"", "\"Jones\"")),
        Arguments.of(PATIENT, "Patient.name.given", List.of("\"Ann\"", "\"B\"")),
        Arguments.of(PATIENT, "Observation.code", List.of()),
        Arguments.of(
            PATIENT, "Patient.id | Patient.name[1].family", List.of("\"p1\"", "\"Jones\"")),
        Arguments.of(PATIENT, "Patient.telecom.where(system='email').value", List.of("\"a@b.c\"")),
        Arguments.of(
            PATIENT,
            "Patient.generalPractitioner.where(resolve() is Practitioner).reference",
            List.of("\"Practitioner/9\"", "\"http://other/fhir/Practitioner/7/_history/2\"")),
        Arguments.of(
            PATIENT, "Patient.deceased.exists() and Patient.deceased != false", List.of("false")),
        Arguments.of(PATIENT, "Patient.extension('http://x/race').value", List.of("\"r\"")),
        Arguments.of(PATIENT, "Resource.id", List.of("\"p1\"")),
        Arguments.of(PATIENT, "name.family.first()", List.of("\"Smith\"")),
        Arguments.of(
            OBSERVATION,
            "Observation.value as Quantity",
            List.of("{\"value\":5.4,\"unit\":\"mg\"}")),
        Arguments.of(OBSERVATION, "(Observation.value as CodeableConcept)", List.of()),
        Arguments.of(OBSERVATION, "Observation.value.as(Quantity).unit", List.of("\"mg\"")),
        Arguments.of(
            OBSERVATION,
            "(Observation.component.value as CodeableConcept).text",
            List.of("\"c1\"")),
        Arguments.of(
            OBSERVATION, "Observation.component.value.ofType(Quantity).value", List.of("1")),
        Arguments.of(OBSERVATION, "Observation.value", List.of("{\"value\":5.4,\"unit\":\"mg\"}")),
        Arguments.of(OBSERVATION, "Observation.effective", List.of("\"2013-04-02\"")),
        Arguments.of(OBSERVATION, "Observation.effective is dateTime", List.of("true")),
        Arguments.of(OBSERVATION, "Observation.effective.exists()", List.of("true")));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("cases")
  void evaluates(String resource, String expression, List<String> expected) throws Exception {
    JsonNode root = JSON.readTree(resource);
    List<String> actual =
        FhirPathParser.parse(expression).eval(List.of(FhirPathItem.of(root))).stream()
            .map(i -> i.node().toString())
            .toList();
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"Patient.name.select(family)", "Patient.x + 1", "Patient.name[", "a.b("})
  void rejectsOutsideTheSubset(String expression) {
    assertThatThrownBy(() -> FhirPathParser.parse(expression))
        .isInstanceOf(FhirPathParser.UnsupportedExpressionException.class);
  }
}
