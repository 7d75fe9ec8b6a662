package health.custodian.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import health.custodian.access.AuditRecord;
import health.custodian.testsupport.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web workspace signs in through an external OpenID Connect provider (issue #5): a provider
 * served by this test (discovery, JWKS, authorize answering with a code, token answering with an ID
 * token signed by the test's key, userinfo, end-session), the real authorization code flow driven
 * by an HTTP client that follows redirects and keeps cookies, and the provider's roles mapped to
 * Custodian's as for bearer tokens.
 */
class ExternalWebSignInTest extends IntegrationTest {

  private static final String CLIENT_ID = "custodian-web";
  private static final String CLIENT_SECRET = "web-secret-for-tests";
  private static final RSAKey KEY = rsaKey();
  private static final Map<String, Login> CODES = new ConcurrentHashMap<>();
  private static final Map<String, Login> ACCESS_TOKENS = new ConcurrentHashMap<>();
  private static final AtomicInteger END_SESSIONS = new AtomicInteger();

  /** Who signs in at the provider next, and with which provider roles. */
  private static volatile Login next = new Login("nobody", List.of(), "");

  private static final HttpServer PROVIDER = startProvider();
  private static final String ISSUER =
      "http://127.0.0.1:" + PROVIDER.getAddress().getPort() + "/realms/custodian";

  @DynamicPropertySource
  static void external(DynamicPropertyRegistry registry) {
    registry.add("custodian.security.external.enabled", () -> "true");
    registry.add("custodian.security.external.issuer-uri", () -> ISSUER);
    registry.add("custodian.security.external.audience", () -> "custodian-fhir");
    registry.add("custodian.security.external.role-mapping.doctor", () -> "clinician");
    registry.add(
        "custodian.security.external.role-mapping.privacy-officer", () -> "compliance-auditor");
    registry.add("custodian.security.external.web.client-id", () -> CLIENT_ID);
    registry.add("custodian.security.external.web.client-secret", () -> CLIENT_SECRET);
    // Short, so that the test can wait it out.
    registry.add("custodian.security.idle-timeout", () -> "4s");
  }

  @AfterAll
  static void stopProvider() {
    PROVIDER.stop(0);
  }

  private record Login(String user, List<String> roles, String nonce, String challenge) {
    Login(String user, List<String> roles, String nonce) {
      this(user, roles, nonce, "");
    }

    Login withRequest(String n, String c) {
      return new Login(user, roles, n, c);
    }
  }

  @Test
  void aMappedProviderRoleSignsInToTheRolesHomePage() {
    Browser browser = new Browser();
    next = new Login("dr.web", List.of("doctor", "offline_access"), "");
    // The session that keeps the page asked for (and the authorization request) before sign-in...
    assertThat(browser.getWithoutRedirects("/").statusCode()).isEqualTo(302);
    String before = browser.sessionCookie();
    HttpResponse<String> home = browser.get("/");
    assertThat(home.statusCode()).as(home.body()).isEqualTo(200);
    assertThat(home.uri().getPath()).isEqualTo("/");
    assertThat(home.body())
        .contains("dr.web")
        .contains("Find a patient")
        .doesNotContain("Audit log");
    assertThat(loginRecords("login", "dr.web")).isEqualTo(1);
    // ...gets a new id at sign-in (session fixation).
    assertThat(browser.sessionCookie()).isNotEmpty().isNotEqualTo(before);

    // Another provider role, another Custodian role, another home page.
    Browser auditor = new Browser();
    next = new Login("privacy.po", List.of("privacy-officer"), "");
    HttpResponse<String> audit = auditor.get("/");
    assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
    assertThat(audit.body()).contains("Audit log").doesNotContain("Find a patient");
  }

  @Test
  void aProviderRoleWithoutAMappingIsRefusedWithAPage() {
    Browser browser = new Browser();
    next = new Login("janitor.j", List.of("janitor", "administrator"), "");
    HttpResponse<String> refused = browser.get("/");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(refused.body()).contains("No Custodian role").contains("app.css");
    assertThat(loginRecords("login-failed", "janitor.j")).isEqualTo(1);
    assertThat(loginRecords("login", "janitor.j")).isZero();
    // Still not signed in: the workspace sends the browser to the provider again.
    assertThat(browser.getWithoutRedirects("/").headers().firstValue("Location").orElse(""))
        .endsWith("/sso/authorization/custodian");
  }

  @Test
  void signOutEndsTheProvidersSessionAndRequiresSigningInAgain() {
    Browser browser = new Browser();
    next = new Login("dr.out", List.of("doctor"), "");
    HttpResponse<String> home = browser.get("/");
    assertThat(home.statusCode()).as(home.body()).isEqualTo(200);
    String csrf = csrf(home.body());

    // Without the CSRF token, no sign-out.
    HttpResponse<String> forged = browser.post("/logout", "");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(browser.getWithoutRedirects("/").statusCode()).isEqualTo(200);

    int before = END_SESSIONS.get();
    HttpResponse<String> out = browser.post("/logout", "_csrf=" + enc(csrf));
    assertThat(out.statusCode()).as(out.body()).isEqualTo(200);
    assertThat(out.uri().getPath()).isEqualTo("/sso/signed-out");
    assertThat(out.body()).contains("Signed out");
    assertThat(END_SESSIONS.get()).isEqualTo(before + 1);
    assertThat(loginRecords("logout", "dr.out")).isEqualTo(1);
    HttpResponse<String> again = browser.getWithoutRedirects("/");
    assertThat(again.statusCode()).isEqualTo(302);
    assertThat(again.headers().firstValue("Location").orElse(""))
        .endsWith("/sso/authorization/custodian");
  }

  @Test
  void anIdleSessionEnds() throws InterruptedException {
    Browser browser = new Browser();
    next = new Login("dr.idle", List.of("doctor"), "");
    assertThat(browser.get("/").statusCode()).isEqualTo(200);
    assertThat(browser.getWithoutRedirects("/").statusCode()).isEqualTo(200);
    Thread.sleep(6_000);
    assertThat(browser.getWithoutRedirects("/").statusCode()).isEqualTo(302);
  }

  @Test
  void theBuiltInSignInStaysOff() {
    Browser browser = new Browser();
    assertThat(browser.getWithoutRedirects("/login").statusCode()).isEqualTo(404);
    assertThat(browser.getWithoutRedirects("/oauth2/authorize").statusCode()).isEqualTo(404);
  }

  // --- the browser -------------------------------------------------------------------------------

  /** A browser: keeps cookies and follows redirects across the application and the provider. */
  private final class Browser {
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient follow;
    private final HttpClient stay;

    Browser() {
      follow =
          HttpClient.newBuilder()
              .cookieHandler(cookies)
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();
      stay =
          HttpClient.newBuilder()
              .cookieHandler(cookies)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
    }

    HttpResponse<String> get(String path) {
      return send(follow, HttpRequest.newBuilder(app(path)).GET());
    }

    HttpResponse<String> getWithoutRedirects(String path) {
      return send(stay, HttpRequest.newBuilder(app(path)).GET());
    }

    HttpResponse<String> post(String path, String form) {
      return send(
          follow,
          HttpRequest.newBuilder(app(path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    String sessionCookie() {
      return cookies.getCookieStore().getCookies().stream()
          .filter(c -> c.getName().equals("JSESSIONID"))
          .map(java.net.HttpCookie::getValue)
          .findFirst()
          .orElse("");
    }

    private URI app(String path) {
      return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
      try {
        return client.send(
            request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private long loginRecords(String subtype, String user) {
    return audit.records().stream()
        .filter(r -> r.subtype().equals(subtype) && r.caller().id().equals(user))
        .filter(r -> !subtype.equals("login") || r.outcome() == AuditRecord.Outcome.SUCCESS)
        .count();
  }

  private static String csrf(String html) {
    Matcher m = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(html);
    if (!m.find()) {
      m = Pattern.compile("value=\"([^\"]+)\"\\s+name=\"_csrf\"").matcher(html);
      assertThat(m.find()).as("a CSRF token in the page").isTrue();
    }
    return m.group(1);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // --- the provider ------------------------------------------------------------------------------

  private static RSAKey rsaKey() {
    return TestProviders.rsaKey("web-key");
  }

  private static HttpServer startProvider() {
    HttpServer server = TestProviders.loopbackServer();
    String realm = "/realms/custodian";
    server.createContext(realm + "/.well-known/openid-configuration", ex -> discovery(ex));
    server.createContext(
        realm + "/protocol/openid-connect/certs",
        ex -> json(ex, 200, new JWKSet(KEY.toPublicJWK()).toString()));
    server.createContext(realm + "/protocol/openid-connect/auth", ex -> authorize(ex));
    server.createContext(realm + "/protocol/openid-connect/token", ex -> token(ex));
    server.createContext(realm + "/protocol/openid-connect/userinfo", ex -> userinfo(ex));
    server.createContext(realm + "/protocol/openid-connect/logout", ex -> endSession(ex));
    server.start();
    return server;
  }

  private static void discovery(HttpExchange ex) throws IOException {
    String base = ISSUER + "/protocol/openid-connect";
    json(
        ex,
        200,
        "{\"issuer\":\""
            + ISSUER
            + "\",\"authorization_endpoint\":\""
            + base
            + "/auth\",\"token_endpoint\":\""
            + base
            + "/token\",\"userinfo_endpoint\":\""
            + base
            + "/userinfo\",\"jwks_uri\":\""
            + base
            + "/certs\",\"end_session_endpoint\":\""
            + base
            + "/logout\",\"response_types_supported\":[\"code\"],"
            + "\"subject_types_supported\":[\"public\"],"
            + "\"id_token_signing_alg_values_supported\":[\"RS256\"],"
            + "\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\"],"
            + "\"scopes_supported\":[\"openid\",\"profile\"]}");
  }

  /** The user {@link #next} signs in at once: back to the client with a code and its state. */
  private static void authorize(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    // PKCE (RFC 7636) with S256, asked for by Custodian although it is a confidential client.
    if (!CLIENT_ID.equals(q.get("client_id"))
        || !"code".equals(q.get("response_type"))
        || !"S256".equals(q.get("code_challenge_method"))
        || q.getOrDefault("code_challenge", "").isEmpty()) {
      json(ex, 400, "{\"error\":\"invalid_request\"}");
      return;
    }
    String code = UUID.randomUUID().toString();
    CODES.put(code, next.withRequest(q.getOrDefault("nonce", ""), q.get("code_challenge")));
    redirect(ex, q.get("redirect_uri") + "?code=" + code + "&state=" + enc(q.get("state")));
  }

  private static void token(HttpExchange ex) throws IOException {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    Map<String, String> form =
        query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Login login = CODES.remove(form.getOrDefault("code", ""));
    if (!basic.equals(ex.getRequestHeaders().getFirst("Authorization"))
        || login == null
        || !login.challenge().equals(s256(form.getOrDefault("code_verifier", "")))) {
      json(ex, 400, "{\"error\":\"invalid_grant\"}");
      return;
    }
    String access = UUID.randomUUID().toString();
    ACCESS_TOKENS.put(access, login);
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(CLIENT_ID)
            .subject(subject(login))
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
            .claim("azp", CLIENT_ID)
            .claim("preferred_username", login.user())
            .claim("realm_access", Map.of("roles", login.roles()));
    if (!login.nonce().isEmpty()) {
      claims.claim("nonce", login.nonce());
    }
    json(
        ex,
        200,
        "{\"access_token\":\""
            + access
            + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"openid profile\","
            + "\"id_token\":\""
            + sign(claims.build())
            + "\"}");
  }

  private static void userinfo(HttpExchange ex) throws IOException {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    Login login = header == null ? null : ACCESS_TOKENS.get(header.replaceFirst("^Bearer ", ""));
    if (login == null) {
      json(ex, 401, "{\"error\":\"invalid_token\"}");
      return;
    }
    json(
        ex,
        200,
        "{\"sub\":\""
            + subject(login)
            + "\",\"preferred_username\":\""
            + login.user()
            + "\",\"realm_access\":{\"roles\":["
            + String.join(",", login.roles().stream().map(r -> "\"" + r + "\"").toList())
            + "]}}");
  }

  /** RP-Initiated Logout 1.0: back to the post-logout redirect URI. */
  private static void endSession(HttpExchange ex) throws IOException {
    END_SESSIONS.incrementAndGet();
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    redirect(ex, q.getOrDefault("post_logout_redirect_uri", ISSUER));
  }

  private static String s256(String verifier) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String subject(Login login) {
    return UUID.nameUUIDFromBytes(login.user().getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static String sign(JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(KEY.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(KEY));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().add("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private static void json(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }
}
