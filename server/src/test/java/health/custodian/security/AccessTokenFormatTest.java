package health.custodian.security;

import static health.custodian.security.SignInForms.enc;
import static health.custodian.security.SignInForms.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import health.custodian.access.Caller;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.TestTokens;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The built-in access tokens' format: ES256 by the server's EC key, typed {@code at+jwt} ({@link
 * AccessTokenTypeTest} for the type check), RS256 tokens of the RSA key (issued before ES256) still
 * accepted, both keys published, and every other key or algorithm refused. ID tokens stay RS256
 * ({@link AuthenticationTest}'s authorization code flow).
 */
class AccessTokenFormatTest extends IntegrationTest {

  @Autowired UserAdministration admin;
  @Autowired ECKey accessTokenKey;
  @Autowired RSAKey signingKey;

  private String root() {
    return "http://localhost:" + port;
  }

  private int read(String token) {
    return Http.anonymous(fhirBase())
        .get("/Patient", "Authorization", "Bearer " + token)
        .statusCode();
  }

  private static JWSHeader header(String token) throws Exception {
    return SignedJWT.parse(token).getHeader();
  }

  @Test
  void issuedAccessTokensAreEs256ByTheEcKey() throws Exception {
    UserAdministration.ClientCredentials client =
        admin.addClient(Caller.system("test"), "lab-feed", List.of("system/*.rs"), null);
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (enc(client.clientId()) + ":" + enc(client.clientSecret()))
                        .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        post(
            HttpClient.newHttpClient(),
            root() + "/oauth2/token",
            "grant_type=client_credentials&scope=" + enc("system/*.rs"),
            basic);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String access = Json.parse(response.body()).path("access_token").asText();

    JWSHeader header = header(access);
    assertThat(header.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(header.getKeyID()).isEqualTo(accessTokenKey.getKeyID());
    // RFC 9068 section 2.1; nothing else in the header
    assertThat(header.getType()).isEqualTo(new JOSEObjectType("at+jwt"));
    assertThat(header.toJSONObject().keySet()).containsExactlyInAnyOrder("alg", "kid", "typ");
    // ES256: r and s of 32 bytes each (RFC 7518 section 3.4), 86 base64url characters
    assertThat(access.substring(access.lastIndexOf('.') + 1)).hasSize(86);
    // nbf would only repeat iat
    JWTClaimsSet claims = SignedJWT.parse(access).getJWTClaimsSet();
    assertThat(claims.getIssueTime()).isNotNull();
    assertThat(claims.getNotBeforeTime()).isNull();
    // RFC 9068 section 2.2; the claims are those issued before the header was typed
    assertThat(claims.getStringClaim("client_id")).isEqualTo(client.clientId());
    assertThat(claims.getClaims().keySet())
        .containsExactlyInAnyOrder(
            "iss", "aud", "sub", "exp", "iat", "jti", "scope", "client_id", "kind", "clearances");
    assertThat(read(access)).isEqualTo(200);

    // The command line's token is minted the same way.
    String cli = admin.cliToken();
    assertThat(header(cli).getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(header(cli).getType()).isEqualTo(new JOSEObjectType("at+jwt"));
    assertThat(header(cli).getKeyID()).isEqualTo(accessTokenKey.getKeyID());
    JWTClaimsSet cliClaims = SignedJWT.parse(cli).getJWTClaimsSet();
    assertThat(cliClaims.getStringClaim("client_id")).isEqualTo(cliClaims.getSubject());
  }

  @Test
  void testTokensAreMintedLikeTheProducts() throws Exception {
    JWSHeader header = header(tokens.fullAccess());
    assertThat(header.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(header.getKeyID()).isEqualTo(accessTokenKey.getKeyID());
    assertThat(header.getType()).isEqualTo(new JOSEObjectType("at+jwt"));
  }

  @Test
  void rs256TokensOfTheRsaKeyStayValidUntilTheyExpire() throws Exception {
    String old = tokens.rs256Token(TestTokens.FULL_ACCESS, Duration.ofMinutes(5));
    assertThat(header(old).getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(header(old).getKeyID()).isEqualTo(signingKey.getKeyID());
    assertThat(read(old)).isEqualTo(200);

    String expired = tokens.rs256Token(TestTokens.FULL_ACCESS, Duration.ofMinutes(-5));
    assertThat(read(expired)).isEqualTo(401);
  }

  @Test
  void tokensOfOtherKeysOrAlgorithmsAreRefused() throws Exception {
    ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("stranger").generate();
    assertThat(read(signed(JWSAlgorithm.ES256, "stranger", new ECDSASigner(stranger))))
        .isEqualTo(401);
    // An unknown key under our key's kid: the signature does not verify.
    assertThat(
            read(signed(JWSAlgorithm.ES256, accessTokenKey.getKeyID(), new ECDSASigner(stranger))))
        .isEqualTo(401);
    // ES256 header over the RSA key's kid: no key of that type and id.
    assertThat(read(signed(JWSAlgorithm.ES256, signingKey.getKeyID(), new ECDSASigner(stranger))))
        .isEqualTo(401);
    // Other curves and HMAC are not accepted at all, whatever the key.
    ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("p384").generate();
    assertThat(read(signed(JWSAlgorithm.ES384, "p384", new ECDSASigner(p384)))).isEqualTo(401);
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    assertThat(read(signed(JWSAlgorithm.HS256, accessTokenKey.getKeyID(), new MACSigner(secret))))
        .isEqualTo(401);
    // Our own signature, once more as a check that the claims above were acceptable.
    assertThat(
            read(
                signed(
                    JWSAlgorithm.ES256,
                    accessTokenKey.getKeyID(),
                    new ECDSASigner(accessTokenKey))))
        .isEqualTo(200);
  }

  private String signed(JWSAlgorithm alg, String kid, JWSSigner signer) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(alg).keyID(kid).type(new JOSEObjectType("at+jwt")).build(),
            new JWTClaimsSet.Builder()
                .issuer(root())
                .audience(fhirBase())
                .subject("test-client")
                .jwtID("j-" + alg)
                .claim("kind", "client")
                .claim("scope", "system/*.cruds")
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build());
    jwt.sign(signer);
    return jwt.serialize();
  }

  @Test
  void theKeySetListsBothPublicKeys() {
    HttpResponse<String> response = Http.anonymous(root()).get("/oauth2/jwks");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode keys = Json.parse(response.body()).path("keys");
    assertThat(keys.size()).isEqualTo(2);
    JsonNode ec =
        keys.findParents("kty").stream()
            .filter(k -> k.path("kty").asText().equals("EC"))
            .findFirst()
            .orElseThrow();
    assertThat(ec.path("kid").asText()).isEqualTo(accessTokenKey.getKeyID());
    assertThat(ec.path("crv").asText()).isEqualTo("P-256");
    assertThat(ec.path("alg").asText()).isEqualTo("ES256");
    assertThat(ec.path("use").asText()).isEqualTo("sig");
    JsonNode rsa =
        keys.findParents("kty").stream()
            .filter(k -> k.path("kty").asText().equals("RSA"))
            .findFirst()
            .orElseThrow();
    assertThat(rsa.path("kid").asText()).isEqualTo(signingKey.getKeyID());
    // Public parts only.
    for (JsonNode key : keys) {
      assertThat(key.has("d")).isFalse();
      assertThat(key.has("p")).isFalse();
    }
  }
}
