package health.custodian.security;

import static health.custodian.security.TokenRefusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import health.custodian.access.AuditRecord;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens the FHIR API refuses (401 with an OperationOutcome, audited as a failed login):
 * missing, expired, forged, signed by another key, for another audience or from another issuer.
 * Token types: {@link AccessTokenTypeTest}.
 */
class RefusedTokensTest extends IntegrationTest {

  private String root() {
    return "http://localhost:" + port;
  }

  @Test
  void refusesMissingExpiredForgedWrongKeyWrongIssuerAndWrongAudienceTokens() throws Exception {
    Http anonymous = Http.anonymous(fhirBase());
    assertRefused(anonymous.get("/Patient"), "unauthenticated");

    String expired = tokens.token(TestTokens.FULL_ACCESS, Duration.ofMinutes(-5));
    assertRefused(anonymous.get("/Patient", "Authorization", "Bearer " + expired), "invalid-token");

    String good = tokens.fullAccess();
    String[] parts = good.split("\\.");
    String otherClaims =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("test-client", "evil-client")
                    .getBytes(StandardCharsets.UTF_8));
    String forged = parts[0] + "." + otherClaims + "." + parts[2];
    assertRefused(anonymous.get("/Patient", "Authorization", "Bearer " + forged), "invalid-token");

    RSAKey otherKey = new RSAKeyGenerator(2048).keyID("other").generate();
    SignedJWT wrongKey =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("other").build(),
            new JWTClaimsSet.Builder()
                .issuer(root())
                .audience(fhirBase())
                .subject("test-client")
                .claim("scope", "system/*.cruds")
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build());
    wrongKey.sign(new RSASSASigner(otherKey));
    assertRefused(
        anonymous.get("/Patient", "Authorization", "Bearer " + wrongKey.serialize()),
        "invalid-token");

    String wrongAudience =
        tokens.token(
            TestTokens.FULL_ACCESS, Duration.ofMinutes(5), root(), "http://elsewhere/fhir");
    assertRefused(
        anonymous.get("/Patient", "Authorization", "Bearer " + wrongAudience), "invalid-token");
    String wrongIssuer =
        tokens.token(TestTokens.FULL_ACCESS, Duration.ofMinutes(5), "http://elsewhere", fhirBase());
    assertRefused(
        anonymous.get("/Patient", "Authorization", "Bearer " + wrongIssuer), "invalid-token");

    assertThat(anonymous.get("/Patient", "Authorization", "Bearer " + good).statusCode())
        .isEqualTo(200);
    assertThat(audit.ofSubtype("login-failed"))
        .extracting(AuditRecord::detail)
        .contains("unauthenticated", "invalid-token");
  }
}
