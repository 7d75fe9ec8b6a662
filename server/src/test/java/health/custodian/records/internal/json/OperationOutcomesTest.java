package health.custodian.records.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.rest.FhirFormats;
import health.custodian.records.internal.validation.ValidationIssue;
import health.custodian.records.internal.validation.ValidationIssue.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperationOutcomesTest {

  @Test
  void fromExceptionHasTheFullIssueShape() {
    FhirException e =
        FhirException.badRequest("invalid-patch", "Invalid patch operation 2: bad", "Patch[2]");

    ObjectNode outcome = OperationOutcomes.fromException(e);

    assertThat(FhirJson.write(outcome))
        .isEqualTo(
            "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                + "\"code\":\"invalid\",\"details\":{\"coding\":[{\"system\":"
                + "\"https://custodian.health/fhir/CodeSystem/error\",\"code\":\"invalid-patch\"}]},"
                + "\"diagnostics\":\"Invalid patch operation 2: bad\","
                + "\"expression\":[\"Patch[2]\"]}]}");
  }

  @Test
  void noExpressionsMeansNoExpressionMember() {
    ObjectNode outcome =
        OperationOutcomes.fromException(FhirException.notFound("resource-not-found", "gone"));
    ObjectNode issue = (ObjectNode) outcome.get("issue").get(0);
    assertThat(issue.has("expression")).isFalse();
    assertThat(issue.get("code").asText()).isEqualTo("not-found");
  }

  @Test
  void ofBuildsOneIssue() {
    ObjectNode outcome =
        OperationOutcomes.of(
            "warning", "business-rule", "some-code", "careful", List.of("Patient.a", "Patient.b"));
    assertThat(outcome.get("issue")).hasSize(1);
    assertThat(outcome.get("issue").get(0).get("severity").asText()).isEqualTo("warning");
    assertThat(outcome.get("issue").get(0).get("expression")).hasSize(2);
  }

  @Test
  void ofRejectsUnknownSeverity() {
    assertThatThrownBy(() -> OperationOutcomes.of("bad", "invalid", "x", "m", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromIssuesMapsEachValidationIssue() {
    ObjectNode outcome =
        OperationOutcomes.fromIssues(
            List.of(
                new ValidationIssue(
                    Severity.ERROR, "required", "Patient.name[0].family", "missing family"),
                new ValidationIssue(Severity.WARNING, "code-invalid", "", "unknown code")));

    assertThat(outcome.get("issue")).hasSize(2);
    ObjectNode first = (ObjectNode) outcome.get("issue").get(0);
    assertThat(first.get("severity").asText()).isEqualTo("error");
    assertThat(first.get("code").asText()).isEqualTo("required");
    assertThat(first.at("/details/coding/0/system").asText())
        .isEqualTo(OperationOutcomes.ERROR_SYSTEM);
    assertThat(first.at("/details/coding/0/code").asText()).isEqualTo("validation-failed");
    assertThat(first.at("/expression/0").asText()).isEqualTo("Patient.name[0].family");
    ObjectNode second = (ObjectNode) outcome.get("issue").get(1);
    assertThat(second.get("severity").asText()).isEqualTo("warning");
    assertThat(second.has("expression")).isFalse();
  }

  @Test
  void fromNoIssuesIsAllOk() {
    ObjectNode outcome = OperationOutcomes.fromIssues(List.of());
    assertThat(outcome.at("/issue/0/severity").asText()).isEqualTo("information");
  }

  @Test
  void informationIsAnAllOkOutcome() {
    assertThat(FhirJson.write(OperationOutcomes.information("All OK")))
        .isEqualTo(
            "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"information\","
                + "\"code\":\"informational\",\"diagnostics\":\"All OK\"}]}");
  }

  @Test
  void outcomesAreValidR4OperationOutcomes() {
    FhirFormats formats = new FhirFormats();
    ObjectNode outcome =
        OperationOutcomes.of("error", "invalid", "invalid-json", "bad", List.of("Patient.x"));
    // The strict HAPI parser rejects anything that is not R4 OperationOutcome structure.
    String xml = formats.jsonToXml(FhirJson.write(outcome), false);
    assertThat(FhirJson.parse(formats.xmlToJson(xml))).isEqualTo(outcome);
  }
}
