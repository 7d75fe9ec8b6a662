package health.custodian.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import health.custodian.access.AuditRecord;
import health.custodian.access.Role;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The external OpenID Connect provider mode end to end: a Keycloak-shaped provider (its JWKS served
 * by a local HTTP server, tokens minted with its own RSA key, roles in the nested {@code
 * realm_access.roles}), the application started with {@code custodian.security.external.*}, and the
 * real policy deciding on the mapped roles.
 */
class ExternalProviderTest extends IntegrationTest {

  private static final String AUDIENCE = "custodian-fhir";
  private static final RSAKey PROVIDER_KEY = rsaKey("provider-key");
  private static final RSAKey OTHER_KEY = rsaKey("provider-key");
  private static final AtomicInteger JWKS_FETCHES = new AtomicInteger();
  private static final HttpServer PROVIDER = startProvider();
  private static final String ISSUER =
      "http://127.0.0.1:" + PROVIDER.getAddress().getPort() + "/realms/custodian";

  @DynamicPropertySource
  static void external(DynamicPropertyRegistry registry) {
    registry.add("custodian.security.external.enabled", () -> "true");
    registry.add("custodian.security.external.issuer-uri", () -> ISSUER);
    registry.add("custodian.security.external.audience", () -> AUDIENCE);
    registry.add("custodian.security.external.role-mapping.doctor", () -> "clinician");
    registry.add(
        "custodian.security.external.role-mapping.him-director", () -> "records-supervisor");
  }

  @AfterAll
  static void stopProvider() {
    PROVIDER.stop(0);
  }

  private static RSAKey rsaKey(String kid) {
    return TestProviders.rsaKey(kid);
  }

  /** Serves the JWKS where Keycloak does: {@code <issuer>/protocol/openid-connect/certs}. */
  private static HttpServer startProvider() {
    HttpServer server = TestProviders.loopbackServer();
    byte[] jwks =
        new JWKSet(PROVIDER_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/realms/custodian/protocol/openid-connect/certs",
        exchange -> {
          JWKS_FETCHES.incrementAndGet();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, jwks.length);
          exchange.getResponseBody().write(jwks);
          exchange.close();
        });
    server.start();
    return server;
  }

  /** An access token shaped like Keycloak's for a user holding {@code realmRoles}. */
  private static JWTClaimsSet.Builder keycloakUser(String username, List<String> realmRoles) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(List.of(AUDIENCE, "account"))
        .subject(UUID.randomUUID().toString())
        .jwtID(UUID.randomUUID().toString())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
        .claim("typ", "Bearer")
        .claim("azp", "custodian-app")
        .claim("session_state", UUID.randomUUID().toString())
        .claim("preferred_username", username)
        .claim("email_verified", false)
        .claim("realm_access", Map.of("roles", realmRoles))
        .claim("resource_access", Map.of("account", Map.of("roles", List.of("view-profile"))))
        .claim("scope", "openid profile email user/*.cruds");
  }

  /** A Keycloak service-account token (client credentials) carrying {@code client_id}. */
  private static JWTClaimsSet.Builder keycloakService(String clientId) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(UUID.randomUUID().toString())
        .jwtID(UUID.randomUUID().toString())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
        .claim("azp", clientId)
        .claim("client_id", clientId)
        .claim("preferred_username", "service-account-" + clientId)
        .claim("scope", "system/*.cruds");
  }

  private static String sign(JWTClaimsSet.Builder claims, RSAKey key) {
    return sign(claims, key, JOSEObjectType.JWT);
  }

  /** Signed by {@code key} with the header's {@code typ} ({@code null}: none). */
  private static String sign(
      JWTClaimsSet.Builder claims, RSAKey key, @Nullable JOSEObjectType type) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(type).build(),
              claims.build());
      jwt.sign(new RSASSASigner(key));
      return "Bearer " + jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String bearer(JWTClaimsSet.Builder claims) {
    return sign(claims, PROVIDER_KEY);
  }

  private Http anonymous() {
    return Http.anonymous(fhirBase());
  }

  private String createPatient() {
    HttpResponse<String> created =
        anonymous()
            .post(
                "/Patient",
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Ext\"}]}",
                "Authorization",
                bearer(keycloakService("custodian-loader")));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return Json.parse(created.body()).path("id").asText();
  }

  private static void assertRefused(HttpResponse<String> r) {
    TokenRefusals.assertRefused(r, "invalid-token");
  }

  @Test
  void theTypeIsNotCheckedUnlessConfigured() {
    // Keycloak's JWT (every other test here), RFC 9068's at+jwt, none, or anything else: without
    // custodian.security.external.token-types the provider's typ is not checked.
    for (JOSEObjectType type :
        new JOSEObjectType[] {
          new JOSEObjectType("at+jwt"), null, new JOSEObjectType("application/something+jwt")
        }) {
      assertThat(
              anonymous()
                  .get(
                      "/Patient",
                      "Authorization",
                      sign(keycloakService("custodian-loader"), PROVIDER_KEY, type))
                  .statusCode())
          .as(String.valueOf(type))
          .isEqualTo(200);
    }
  }

  @Test
  void mappedRolesDecideThroughTheRealPolicy() {
    String id = createPatient();
    audit.clear();

    HttpResponse<String> read =
        anonymous()
            .get(
                "/Patient/" + id,
                "Authorization",
                bearer(keycloakUser("dr.grey", List.of("doctor", "offline_access"))));
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(Json.parse(read.body()).path("id").asText()).isEqualTo(id);
    AuditRecord record = audit.ofSubtype("read").get(0);
    assertThat(record.caller().id()).isEqualTo("dr.grey");
    assertThat(record.caller().roles()).containsExactly(Role.CLINICIAN);
    assertThat(record.outcome()).isEqualTo(AuditRecord.Outcome.SUCCESS);

    // The clinician may not delete (records supervisor's right); the mapped supervisor may.
    String doctor = bearer(keycloakUser("dr.grey", List.of("doctor")));
    assertThat(anonymous().delete("/Patient/" + id, "Authorization", doctor).statusCode())
        .isEqualTo(403);

    // A provider role without a mapping grants nothing, even one named like a Custodian role.
    HttpResponse<String> unmapped =
        anonymous()
            .get(
                "/Patient/" + id,
                "Authorization",
                bearer(keycloakUser("aide", List.of("nurse-aide", "clinician"))));
    assertThat(unmapped.statusCode()).as(unmapped.body()).isEqualTo(403);
    assertThat(Json.parse(unmapped.body()).at("/issue/0/details/coding/0/code").asText())
        .isEqualTo("role");

    // Scopes still intersect with roles: a token with only OpenID scopes reads nothing.
    HttpResponse<String> openidOnly =
        anonymous()
            .get(
                "/Patient/" + id,
                "Authorization",
                bearer(
                    keycloakUser("dr.grey", List.of("doctor")).claim("scope", "openid profile")));
    assertThat(openidOnly.statusCode()).as(openidOnly.body()).isEqualTo(403);

    HttpResponse<String> deleted =
        anonymous()
            .delete(
                "/Patient/" + id,
                "Authorization",
                bearer(keycloakUser("him.lead", List.of("him-director"))));
    assertThat(deleted.statusCode()).as(deleted.body()).isIn(200, 204);
  }

  @Test
  void refusesExpiredForgedWrongIssuerAndWrongAudienceTokens() {
    JWTClaimsSet.Builder valid = keycloakUser("dr.grey", List.of("doctor"));
    assertThat(anonymous().get("/Patient", "Authorization", bearer(valid)).statusCode())
        .isEqualTo(200);
    audit.clear();

    assertRefused(
        anonymous()
            .get(
                "/Patient",
                "Authorization",
                bearer(
                    keycloakUser("dr.grey", List.of("doctor"))
                        .issueTime(Date.from(Instant.now().minus(Duration.ofMinutes(20))))
                        .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5)))))));
    assertRefused(
        anonymous()
            .get(
                "/Patient",
                "Authorization",
                bearer(keycloakUser("dr.grey", List.of("doctor")).issuer(ISSUER + "-other"))));
    assertRefused(
        anonymous()
            .get(
                "/Patient",
                "Authorization",
                bearer(keycloakUser("dr.grey", List.of("doctor")).audience("account"))));
    // Same kid, another key: the signature does not verify.
    assertRefused(
        anonymous()
            .get(
                "/Patient",
                "Authorization",
                sign(keycloakUser("dr.grey", List.of("doctor")), OTHER_KEY)));
    // The built-in server's own tokens are not accepted in this mode.
    assertRefused(anonymous().get("/Patient", "Authorization", "Bearer " + bearerToken()));

    assertThat(audit.ofSubtype("login-failed")).hasSize(5);
    assertThat(JWKS_FETCHES.get()).isPositive();
  }

  @Test
  void builtInAuthorizationServerSignInAndAdminAreAbsent() {
    Http root = Http.anonymous("http://localhost:" + port);
    assertThat(
            root.send(
                    "POST",
                    "/oauth2/token",
                    "grant_type=client_credentials",
                    "Content-Type",
                    "application/x-www-form-urlencoded")
                .statusCode())
        .isEqualTo(404);
    assertThat(root.get("/oauth2/jwks").statusCode()).isEqualTo(404);
    assertThat(root.get("/oauth2/authorize?response_type=code").statusCode()).isEqualTo(404);
    assertThat(root.get("/.well-known/openid-configuration").statusCode()).isEqualTo(404);
    assertThat(root.get("/login").statusCode()).isEqualTo(404);
    assertThat(root.get("/admin/users", "Authorization", bearer(keycloakService("x"))).statusCode())
        .isEqualTo(404);

    HttpResponse<String> workspace = root.get("/");
    assertThat(workspace.statusCode()).isEqualTo(403);
    assertThat(workspace.body()).contains("external OpenID Connect provider");
  }

  @Test
  void breakTheGlassTakesTheProvidersToken() {
    Http root = Http.anonymous("http://localhost:" + port);
    HttpResponse<String> granted =
        root.post(
            "/auth/break-glass",
            "{\"reason\":\"Unconscious patient in the emergency department\"}",
            "Authorization",
            bearer(keycloakUser("dr.er", List.of("doctor"))));
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
    assertThat(audit.ofSubtype("break-glass"))
        .anySatisfy(r -> assertThat(r.caller().id()).isEqualTo("dr.er"));

    assertThat(root.post("/auth/break-glass", "{}").statusCode()).isEqualTo(401);
  }

  @Test
  void smartConfigurationPointsToTheProvider() {
    JsonNode smart = Json.parse(anonymous().get("/.well-known/smart-configuration").body());
    assertThat(smart.path("issuer").asText()).isEqualTo(ISSUER);
    assertThat(smart.path("authorization_endpoint").asText())
        .isEqualTo(ISSUER + "/protocol/openid-connect/auth");
    assertThat(smart.path("token_endpoint").asText())
        .isEqualTo(ISSUER + "/protocol/openid-connect/token");
    assertThat(smart.path("jwks_uri").asText())
        .isEqualTo(ISSUER + "/protocol/openid-connect/certs");
    assertThat(smart.has("introspection_endpoint")).isFalse();
  }
}
