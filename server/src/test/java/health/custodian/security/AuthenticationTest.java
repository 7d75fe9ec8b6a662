package health.custodian.security;

import static health.custodian.security.SignInForms.CSRF;
import static health.custodian.security.SignInForms.browser;
import static health.custodian.security.SignInForms.enc;
import static health.custodian.security.SignInForms.get;
import static health.custodian.security.SignInForms.match;
import static health.custodian.security.SignInForms.post;
import static health.custodian.security.SignInForms.query;
import static health.custodian.security.TokenRefusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.platform.DataFolder;
import health.custodian.security.internal.user.Totp;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/**
 * Authentication end to end over HTTP: refused tokens (401 with an OperationOutcome), client
 * credentials, authorization code with PKCE through the sign-in page and TOTP, lockout, idle
 * time-out, the administration command line, SMART discovery, and that no secret reaches the log.
 */
@TestPropertySource(properties = "custodian.security.idle-timeout=3s")
@ExtendWith(OutputCaptureExtension.class)
class AuthenticationTest extends IntegrationTest {

  private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\">([A-Z2-7]+)<");
  private static final String REDIRECT = "http://127.0.0.1:9/callback";

  @Autowired UserAdministration admin;
  @Autowired DataFolder serverFolder;
  @TempDir Path dir;

  private final Caller by = Caller.system("test");

  private String root() {
    return "http://localhost:" + port;
  }

  @Test
  void metadataAndSmartConfigurationArePublic() {
    Http anonymous = Http.anonymous(fhirBase());
    assertThat(anonymous.get("/metadata").statusCode()).isEqualTo(200);
    HttpResponse<String> smart = anonymous.get("/.well-known/smart-configuration");
    assertThat(smart.statusCode()).isEqualTo(200);
    JsonNode doc = Json.parse(smart.body());
    assertThat(doc.path("issuer").asText()).isEqualTo(root());
    assertThat(doc.path("token_endpoint").asText()).isEqualTo(root() + "/oauth2/token");
    assertThat(doc.path("authorization_endpoint").asText()).isEqualTo(root() + "/oauth2/authorize");
    assertThat(doc.path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
    assertThat(doc.path("grant_types_supported").toString())
        .contains("client_credentials", "authorization_code");
    assertThat(doc.path("capabilities").toString()).contains("permission-v2");
    // SMART App Launch 2.x "Conformance": the scopes a client may ask for, in all three contexts,
    // and both ways a backend service authenticates.
    assertThat(doc.path("scopes_supported").toString())
        .contains(
            "\"openid\"",
            "\"launch/patient\"",
            "\"patient/*.rs\"",
            "\"user/*.cruds\"",
            "\"system/*.rs\"");
    assertThat(doc.path("token_endpoint_auth_methods_supported").toString())
        .contains("client_secret_basic", "private_key_jwt");
    // The advertised key set is the one tokens are signed with.
    HttpResponse<String> jwks = Http.anonymous(root()).get("/oauth2/jwks");
    assertThat(jwks.statusCode()).isEqualTo(200);
    assertThat(Json.parse(jwks.body()).path("keys").size()).isEqualTo(2);
  }

  @Test
  void clientCredentialsTokenReadsTheRecordAndNoSecretIsLogged(CapturedOutput output)
      throws Exception {
    UserAdministration.ClientCredentials client =
        admin.addClient(by, "lab-feed", List.of("system/*.rs"), null);
    HttpResponse<String> token =
        post(
            HttpClient.newHttpClient(),
            root() + "/oauth2/token",
            "grant_type=client_credentials&scope=" + enc("system/*.rs"),
            basic(client));
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    JsonNode body = Json.parse(token.body());
    String access = body.path("access_token").asText();
    assertThat(body.path("expires_in").asLong()).isBetween(800L, 900L);
    JsonNode claims = claims(access);
    assertThat(claims.path("kind").asText()).isEqualTo("client");
    assertThat(claims.path("sub").asText()).isEqualTo(client.clientId());
    assertThat(claims.path("aud").toString()).contains(fhirBase());
    assertThat(claims.path("scope").asText()).isEqualTo("system/*.rs");

    HttpResponse<String> read =
        Http.anonymous(fhirBase()).get("/Patient", "Authorization", "Bearer " + access);
    assertThat(read.statusCode()).isEqualTo(200);

    long refusedBefore = tokenRefusals("token-invalid-client");
    HttpResponse<String> wrongSecret =
        post(
            HttpClient.newHttpClient(),
            root() + "/oauth2/token",
            "grant_type=client_credentials",
            basic(new UserAdministration.ClientCredentials(client.clientId(), "wrong")));
    assertThat(wrongSecret.statusCode()).isEqualTo(401);
    // The refused client authentication is a failed login: audited once, without the secret.
    assertThat(tokenRefusals("token-invalid-client")).isEqualTo(refusedBefore + 1);
    assertThat(audit.ofSubtype("login-failed").get(audit.ofSubtype("login-failed").size() - 1))
        .satisfies(r -> assertThat(r.caller().kind()).isEqualTo(Caller.Kind.ANONYMOUS))
        .satisfies(r -> assertThat(String.valueOf(r.detail())).doesNotContain("wrong"));
    assertThat(audit.ofSubtype("token-issue"))
        .anyMatch(r -> r.caller().id().equals(client.clientId()));

    assertThat(output.getAll())
        .doesNotContain(client.clientSecret())
        .doesNotContain(access)
        .doesNotContainIgnoringCase("generated security password");
  }

  @Test
  void backendServiceAuthenticatesWithASignedJwtAssertion() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("backend-1").generate();
    HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] published =
        new JWKSet(key.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
    jwks.createContext(
        "/jwks",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, published.length);
          exchange.getResponseBody().write(published);
          exchange.close();
        });
    jwks.start();
    try {
      String clientId =
          admin.addKeyClient(
              by,
              "smart-backend",
              List.of("system/*.rs"),
              "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks");
      String tokenEndpoint = root() + "/oauth2/token";
      // SMART Backend Services 2.x: iss = sub = client id, aud = token endpoint, short expiry.
      SignedJWT assertion =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS384).keyID("backend-1").build(),
              new JWTClaimsSet.Builder()
                  .issuer(clientId)
                  .subject(clientId)
                  .audience(tokenEndpoint)
                  .jwtID(java.util.UUID.randomUUID().toString())
                  .expirationTime(Date.from(Instant.now().plusSeconds(240)))
                  .build());
      assertion.sign(new RSASSASigner(key));
      String form =
          "grant_type=client_credentials&scope="
              + enc("system/*.rs")
              + "&client_assertion_type="
              + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
              + "&client_assertion=";
      HttpResponse<String> token =
          post(HttpClient.newHttpClient(), tokenEndpoint, form + assertion.serialize(), null);
      assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
      String access = Json.parse(token.body()).path("access_token").asText();
      assertThat(claims(access).path("sub").asText()).isEqualTo(clientId);
      assertThat(
              Http.anonymous(fhirBase())
                  .get("/Patient", "Authorization", "Bearer " + access)
                  .statusCode())
          .isEqualTo(200);

      // An assertion signed with another key is refused.
      RSAKey other = new RSAKeyGenerator(2048).keyID("backend-1").generate();
      SignedJWT forged =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS384).keyID("backend-1").build(),
              assertion.getJWTClaimsSet());
      forged.sign(new RSASSASigner(other));
      long refusedBefore = tokenRefusals("token-invalid-client");
      assertThat(
              post(HttpClient.newHttpClient(), tokenEndpoint, form + forged.serialize(), null)
                  .statusCode())
          .isEqualTo(401);
      assertThat(tokenRefusals("token-invalid-client")).isEqualTo(refusedBefore + 1);
    } finally {
      jwks.stop(0);
    }
  }

  @Test
  void authorizationCodeWithPkceThroughPasswordAndTotpSignIn(CapturedOutput output)
      throws Exception {
    String password = "correct horse battery";
    assertThat(
            admin.addUser(
                by,
                new UserAdministration.NewUser(
                    "dr-who",
                    password,
                    Set.of(Role.CLINICIAN),
                    null,
                    "Practitioner/p1",
                    Set.of("R"))))
        .isTrue();
    UserAdministration.ClientCredentials app =
        admin.addClient(by, "chart-app", List.of("user/*.rs", "openid"), REDIRECT);

    HttpClient browser = browser();
    String verifier = "verifier-" + "x".repeat(50);
    String challenge = SignInForms.challenge(verifier);
    String authorize =
        root()
            + "/oauth2/authorize?response_type=code&client_id="
            + enc(app.clientId())
            + "&redirect_uri="
            + enc(REDIRECT)
            + "&scope="
            + enc("user/*.rs openid")
            + "&state=s1&code_challenge="
            + challenge
            + "&code_challenge_method=S256";
    HttpResponse<String> first = get(browser, authorize);
    assertThat(first.statusCode()).isEqualTo(302);
    assertThat(first.headers().firstValue("Location")).get().asString().endsWith("/login");

    HttpResponse<String> loginPage = get(browser, root() + "/login");
    String csrf = match(CSRF, loginPage.body());
    // Without the CSRF token the form is refused.
    assertThat(
            post(browser, root() + "/login", "username=dr-who&password=" + enc(password), null)
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> afterPassword =
        post(
            browser,
            root() + "/login",
            "username=dr-who&password=" + enc(password) + "&_csrf=" + enc(csrf),
            null);
    assertThat(afterPassword.statusCode()).isEqualTo(302);
    assertThat(afterPassword.headers().firstValue("Location")).get().isEqualTo("/login/totp");

    HttpResponse<String> enrol = get(browser, root() + "/login/totp");
    String secret = match(SECRET, enrol.body());
    csrf = match(CSRF, enrol.body());
    HttpResponse<String> wrong =
        post(browser, root() + "/login/totp", "code=000000&_csrf=" + enc(csrf), null);
    assertThat(wrong.statusCode()).isEqualTo(401);
    csrf = match(CSRF, wrong.body());
    HttpResponse<String> verified =
        post(
            browser,
            root() + "/login/totp",
            "code=" + Totp.code(secret, Instant.now()) + "&_csrf=" + enc(csrf),
            null);
    assertThat(verified.statusCode()).as(verified.body()).isEqualTo(302);
    String resume = verified.headers().firstValue("Location").orElseThrow();
    assertThat(resume).contains("/oauth2/authorize");

    HttpResponse<String> code = get(browser, resume);
    assertThat(code.statusCode()).isEqualTo(302);
    String callback = code.headers().firstValue("Location").orElseThrow();
    assertThat(callback).startsWith(REDIRECT).contains("state=s1");
    String authCode = query(callback, "code");

    // The code is bound to the PKCE verifier: a wrong one is refused, and audited as such.
    long refusedGrants = tokenRefusals("token-invalid-grant");
    HttpResponse<String> badVerifier =
        post(
            HttpClient.newHttpClient(),
            root() + "/oauth2/token",
            "grant_type=authorization_code&code="
                + enc(authCode)
                + "&redirect_uri="
                + enc(REDIRECT)
                + "&code_verifier="
                + enc(verifier + "x"),
            basic(app));
    assertThat(badVerifier.statusCode()).isEqualTo(400);
    assertThat(tokenRefusals("token-invalid-grant")).isEqualTo(refusedGrants + 1);
    // The signed-in session asks for a fresh code (whether a failed exchange burns the code is
    // the server's choice; RFC 6749 section 4.1.2 only forbids using a code twice).
    HttpResponse<String> again = get(browser, authorize);
    String freshCode = query(again.headers().firstValue("Location").orElseThrow(), "code");
    HttpResponse<String> token =
        post(
            HttpClient.newHttpClient(),
            root() + "/oauth2/token",
            "grant_type=authorization_code&code="
                + enc(freshCode)
                + "&redirect_uri="
                + enc(REDIRECT)
                + "&code_verifier="
                + enc(verifier),
            basic(app));
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    JsonNode body = Json.parse(token.body());
    assertThat(body.path("refresh_token").asText()).isNotEmpty();
    String access = body.path("access_token").asText();
    JsonNode claims = claims(access);
    assertThat(claims.path("sub").asText()).isEqualTo("dr-who");
    assertThat(claims.path("kind").asText()).isEqualTo("user");
    assertThat(claims.path("roles").toString()).isEqualTo("[\"clinician\"]");
    assertThat(claims.path("actor").toString()).contains("Practitioner/p1");
    assertThat(claims.path("clearances").toString()).isEqualTo("[\"R\"]");
    // Access tokens are ES256 by the EC key; the OpenID Connect ID token stays RS256 by the RSA
    // key (OpenID Connect Core 1.0 section 15.1: RS256 must be supported).
    JsonNode keys = Json.parse(Http.anonymous(root()).get("/oauth2/jwks").body()).path("keys");
    JsonNode accessHeader = header(access);
    assertThat(accessHeader.path("alg").asText()).isEqualTo("ES256");
    assertThat(accessHeader.path("typ").asText()).isEqualTo("at+jwt");
    assertThat(kty(keys, accessHeader.path("kid").asText())).isEqualTo("EC");
    JsonNode idHeader = header(body.path("id_token").asText());
    assertThat(idHeader.path("alg").asText()).isEqualTo("RS256");
    assertThat(kty(keys, idHeader.path("kid").asText())).isEqualTo("RSA");
    // The ID token is not an access token (RFC 9068 section 4: no at+jwt type; nor is its audience
    // the FHIR base): presented as one it is refused.
    assertThat(idHeader.has("typ")).isFalse();
    assertRefused(
        Http.anonymous(fhirBase())
            .get("/Patient", "Authorization", "Bearer " + body.path("id_token").asText()),
        "invalid-token");
    assertThat(
            Http.anonymous(fhirBase())
                .get("/Patient", "Authorization", "Bearer " + access)
                .statusCode())
        .isEqualTo(200);

    assertThat(audit.ofSubtype("login")).anyMatch(r -> r.caller().id().equals("dr-who"));
    assertThat(audit.ofSubtype("mfa-change")).anyMatch(r -> r.caller().id().equals("dr-who"));
    assertThat(output.getAll())
        .doesNotContain(password)
        .doesNotContain(secret)
        .doesNotContain(app.clientSecret())
        .doesNotContain(access);
  }

  @Test
  void patientUsersTokenResponseNamesThePatient() throws Exception {
    admin.addUser(
        by,
        new UserAdministration.NewUser(
            "pat-user", "patient password", Set.of(Role.PATIENT), "123", null, Set.of()));
    UserAdministration.ClientCredentials app =
        admin.addClient(by, "patient-app", List.of("patient/*.rs", "launch/patient"), REDIRECT);
    HttpClient browser = browser();
    // The patient role needs no second factor by default: the password signs in.
    assertThat(signIn(browser, "pat-user", "patient password").statusCode()).isEqualTo(302);
    String verifier = "patient-verifier-" + "y".repeat(40);
    String authCode =
        SignInForms.authorizationCode(
            browser, root(), app.clientId(), REDIRECT, "patient/*.rs launch/patient", verifier);
    HttpResponse<String> token =
        post(
            HttpClient.newHttpClient(),
            root() + "/oauth2/token",
            "grant_type=authorization_code&code="
                + enc(authCode)
                + "&redirect_uri="
                + enc(REDIRECT)
                + "&code_verifier="
                + enc(verifier),
            basic(app));
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    JsonNode body = Json.parse(token.body());
    assertThat(body.path("patient").asText()).isEqualTo("123");
    JsonNode claims = claims(body.path("access_token").asText());
    assertThat(claims.path("patient").asText()).isEqualTo("123");
    assertThat(claims.path("actor").toString()).contains("Patient/123");
  }

  /** How many token requests were refused so far with this audit detail. */
  private long tokenRefusals(String detail) {
    return audit.ofSubtype("login-failed").stream().filter(r -> detail.equals(r.detail())).count();
  }

  private HttpResponse<String> signIn(HttpClient browser, String name, String password)
      throws Exception {
    return SignInForms.signIn(browser, root(), name, password);
  }

  private static String basic(UserAdministration.ClientCredentials c) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (enc(c.clientId()) + ":" + enc(c.clientSecret())).getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode header(String jwt) {
    return Json.parse(
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8));
  }

  private static String kty(JsonNode keys, String kid) {
    for (JsonNode key : keys) {
      if (key.path("kid").asText().equals(kid)) {
        return key.path("kty").asText();
      }
    }
    return "none";
  }

  private static JsonNode claims(String jwt) {
    return Json.parse(
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }
}
