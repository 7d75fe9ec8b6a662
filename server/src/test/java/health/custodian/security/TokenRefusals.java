package health.custodian.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Json;
import java.net.http.HttpResponse;

/** How a refused bearer token must be answered (RFC 6750 section 3, docs/security.md). */
final class TokenRefusals {

  private TokenRefusals() {}

  /**
   * 401 with a {@code Bearer} challenge and an OperationOutcome whose code is {@code code}; a
   * presented but invalid token also names {@code error="invalid_token"} in the challenge (RFC 6750
   * section 3.1), a missing one names no error.
   */
  static void assertRefused(HttpResponse<String> r, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
    assertThat(challenge).startsWith("Bearer");
    if (code.equals("invalid-token")) {
      assertThat(challenge).contains("error=\"invalid_token\"");
    }
    JsonNode outcome = Json.parse(r.body());
    assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(outcome.at("/issue/0/details/coding/0/code").asText()).isEqualTo(code);
  }
}
