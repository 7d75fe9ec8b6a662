package health.custodian.records.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FhirJsonTest {

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static FhirException invalid(String body) {
    FhirException e =
        catchThrowableOfType(FhirException.class, () -> FhirJson.parseResource(utf8(body)));
    assertThat(e).as("expected invalid-json for %s", body).isNotNull();
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("invalid-json");
    assertThat(e.issueType()).isEqualTo("invalid");
    return e;
  }

  @Test
  void keepsMemberOrderAndExactDecimals() {
    String json =
        "{\"resourceType\":\"Observation\",\"valueQuantity\":{\"value\":1.50,\"unit\":\"mg\"},"
            + "\"component\":[{\"valueDecimal\":0.000100},{\"valueDecimal\":1E+2}],"
            + "\"valueInteger\":12345678901234567890}";
    ObjectNode resource = FhirJson.parseResource(utf8(json));
    assertThat(resource.get("valueQuantity").get("value").decimalValue().toPlainString())
        .isEqualTo("1.50");
    assertThat(FhirJson.write(resource)).isEqualTo(json);
  }

  @Test
  void malformedJsonReportsLineAndColumn() {
    FhirException e = invalid("{\n  \"resourceType\": \"Patient\",\n  \"active\": tru\n}");
    assertThat(e.getMessage()).contains("line 3");
  }

  @Test
  void unterminatedObjectIsRejected() {
    assertThat(invalid("{\"resourceType\": \"Patient\"").getMessage()).contains("line 1");
  }

  @Test
  void duplicateKeysAreRejected() {
    FhirException e =
        invalid(
            "{\"resourceType\": \"Patient\",\n \"gender\": \"male\",\n \"gender\": \"female\"}");
    assertThat(e.getMessage()).contains("gender").contains("line 3");
  }

  @Test
  void duplicateKeysAreRejectedAtAnyDepthInPlainWords() {
    FhirException nested =
        invalid(
            "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"A\"},"
                + "{\"given\":[\"B\"],\"family\":\"C\",\"family\":\"D\"}]}");
    assertThat(nested.getMessage())
        .contains("Duplicate field 'family'")
        .contains("line 1")
        .doesNotContain("ObjectNode")
        .doesNotContain("FAIL_ON");
    assertThat(invalid("{\"a\":{\"b\":1,\"b\":{}}}").getMessage()).contains("'b'");
    assertThat(invalid("{\"a\":1,\"b\":2,\"c\":3,\"a\":[]}").getMessage()).contains("'a'");
    // The same key in sibling objects is no duplicate.
    FhirJson.parseResource(
        "{\"a\":{\"b\":1},\"c\":{\"b\":1},\"d\":[{\"b\":1},{\"b\":2}]}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void trailingContentIsRejectedWithItsPosition() {
    FhirException e = invalid("{\"resourceType\": \"Patient\"}\n garbage");
    assertThat(e.getMessage()).contains("line 2");
    invalid("{\"resourceType\": \"Patient\"} {}");
  }

  @Test
  void topLevelMustBeAnObject() {
    assertThat(invalid("[{\"resourceType\": \"Patient\"}]").getMessage()).contains("an array");
    invalid("\"Patient\"");
    invalid("null");
    invalid("");
    invalid("   ");
  }

  @Test
  void messagesDoNotEchoTheRequestSource() {
    // Jackson can append a "Source: ..." excerpt of the input; that must not reach clients.
    FhirException e = invalid("{\"name\": \"Jane Doe\", \"x\": ]}");
    assertThat(e.getMessage()).doesNotContain("Jane");
  }

  @Test
  void parseAcceptsAnyTopLevelValue() {
    assertThat(FhirJson.parse("[1, 2.50]").get(1).decimalValue().toPlainString()).isEqualTo("2.50");
  }

  @Test
  void prettyOutputIsStable() {
    String pretty = FhirJson.writePretty(FhirJson.parse("{\"a\":[1.50,{\"b\":true}]}"));
    assertThat(pretty)
        .isEqualTo("{\n  \"a\": [\n    1.50,\n    {\n      \"b\": true\n    }\n  ]\n}");
  }
}
