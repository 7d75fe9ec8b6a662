package health.custodian.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The external provider's keys cannot be fetched (nothing listens at its JWKS address): a request
 * answers 503 {@code auth-unavailable}, never a 500 or a 401 blaming the client.
 */
class ExternalProviderDownTest extends IntegrationTest {

  private static final String ISSUER = "http://127.0.0.1:" + closedPort() + "/realms/custodian";

  @DynamicPropertySource
  static void external(DynamicPropertyRegistry registry) {
    registry.add("custodian.security.external.enabled", () -> "true");
    registry.add("custodian.security.external.issuer-uri", () -> ISSUER);
    registry.add("custodian.security.external.audience", () -> "custodian-fhir");
  }

  /** A loopback port that was free a moment ago and that nothing listens on now. */
  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void unreachableKeysAnswer503() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
            new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience("custodian-fhir")
                .subject("s")
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .claim("preferred_username", "dr.grey")
                .claim("realm_access", Map.of("roles", List.of("doctor")))
                .build());
    jwt.sign(new RSASSASigner(key));
    HttpResponse<String> r =
        Http.anonymous(fhirBase()).get("/Patient", "Authorization", "Bearer " + jwt.serialize());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    JsonNode outcome = Json.parse(r.body());
    assertThat(outcome.at("/issue/0/details/coding/0/code").asText()).isEqualTo("auth-unavailable");
  }
}
