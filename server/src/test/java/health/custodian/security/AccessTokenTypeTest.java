package health.custodian.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import health.custodian.access.AuditRecord;
import health.custodian.access.Caller;
import health.custodian.security.internal.Clearances;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The resource side's check of the built-in tokens' JOSE {@code typ} (RFC 9068 section 4, RFC 8725
 * section 3.11): {@code at+jwt} in any case and with or without {@code application/} is accepted,
 * an untyped token only when issued before the server typed its tokens, anything else (an ID token,
 * a {@code JWT}-typed token) answers 401 like any other invalid token, at {@code /fhir} and at
 * {@code /admin}. External providers: {@link ExternalProviderTest}.
 */
class AccessTokenTypeTest extends IntegrationTest {

  @Autowired RSAKey signingKey;

  private static final Caller ADMIN_CLI =
      new Caller(
          "custodian-cli",
          Caller.Kind.CLIENT,
          Set.of(),
          Set.of("system/*.cruds", "custodian.admin"),
          null,
          Set.of(),
          Clearances.ALL,
          null,
          null,
          null);

  private HttpResponse<String> read(String token) {
    return Http.anonymous(fhirBase()).get("/Patient", "Authorization", "Bearer " + token);
  }

  private String typed(String typ) {
    return tokens.typedToken(TestTokens.FULL_ACCESS, typ, Instant.now(), Duration.ofMinutes(5));
  }

  private static void assertRefused(HttpResponse<String> r) {
    TokenRefusals.assertRefused(r, "invalid-token");
  }

  @Test
  void atJwtIsAcceptedInAnyCaseWithOrWithoutTheApplicationPrefix() {
    for (String typ :
        new String[] {"at+jwt", "AT+JWT", "application/at+jwt", "Application/At+JWT"}) {
      assertThat(read(typed(typ)).statusCode()).as(typ).isEqualTo(200);
    }
  }

  @Test
  void otherTypesAreRefused() {
    for (String typ : new String[] {"JWT", "jwt", "application/jwt", "secevent+jwt", "at+jw"}) {
      assertRefused(read(typed(typ)));
    }
    assertThat(audit.ofSubtype("login-failed"))
        .extracting(AuditRecord::detail)
        .containsOnly("invalid-token");
  }

  @Test
  void untypedTokensAreAcceptedOnlyWhenIssuedBeforeTheServerTypedItsTokens() {
    Instant since = tokens.typedSince();
    // a token of the version before, still unexpired
    String old =
        tokens.typedToken(
            TestTokens.FULL_ACCESS, null, since.minusSeconds(30), Duration.ofMinutes(5));
    assertThat(read(old).statusCode()).isEqualTo(200);
    assertThat(read(old).statusCode()).isEqualTo(200);
    // untyped and issued since: not an access token of this server
    assertRefused(
        read(tokens.typedToken(TestTokens.FULL_ACCESS, null, since, Duration.ofMinutes(5))));
    assertRefused(
        read(
            tokens.typedToken(TestTokens.FULL_ACCESS, null, Instant.now(), Duration.ofMinutes(5))));
    // before, but expired: the usual expiry check
    assertRefused(
        read(
            tokens.typedToken(
                TestTokens.FULL_ACCESS, null, since.minusSeconds(900), Duration.ofMinutes(-5))));
  }

  @Test
  void anIdTokenShapedTokenIsRefusedEvenWithTheAccessTokensClaims() throws Exception {
    // Signed as ID tokens are (RS256 by the RSA key, no typ) yet meant for the FHIR base: only the
    // type tells it from an access token. A real ID token: AuthenticationTest.
    Instant now = Instant.now();
    SignedJWT idToken =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .issuer("http://localhost:" + port)
                .audience(fhirBase())
                .subject("test-client")
                .jwtID("id-1")
                .claim("kind", "client")
                .claim("scope", "system/*.cruds")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .build());
    idToken.sign(new RSASSASigner(signingKey));
    assertRefused(read(idToken.serialize()));
  }

  @Test
  void theAdminApiChecksTheTypeToo() {
    String good = tokens.token(ADMIN_CLI, Duration.ofMinutes(5));
    String jwt = tokens.typedToken(ADMIN_CLI, "JWT", Instant.now(), Duration.ofMinutes(5));
    Http http = Http.anonymous("http://localhost:" + port);
    assertThat(http.get("/admin/users", "Authorization", "Bearer " + good).statusCode())
        .isEqualTo(200);
    HttpResponse<String> refused = http.get("/admin/users", "Authorization", "Bearer " + jwt);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("WWW-Authenticate"))
        .get()
        .asString()
        .contains("invalid_token");
  }
}
