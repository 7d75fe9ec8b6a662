package health.custodian.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A cookie-keeping client and form helpers for tests of the sign-in pages and sessions. */
final class SignInForms {

  static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private SignInForms() {}

  static HttpClient browser() {
    return HttpClient.newBuilder()
        .cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  static HttpResponse<String> get(HttpClient client, String url)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(HttpClient client, String url, String form, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String match(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return m.group(1);
  }

  /** Posts the sign-in form (user name and password) with the page's CSRF token. */
  static HttpResponse<String> signIn(HttpClient browser, String root, String name, String password)
      throws IOException, InterruptedException {
    String csrf = match(CSRF, get(browser, root + "/login").body());
    return post(
        browser,
        root + "/login",
        "username=" + enc(name) + "&password=" + enc(password) + "&_csrf=" + enc(csrf),
        null);
  }

  /** The PKCE S256 challenge of a verifier (RFC 7636 4.2). */
  static String challenge(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A query parameter of a URL (e.g. the {@code code} of an authorization redirect), decoded. */
  static String query(String url, String name) {
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv[0].equals(name)) {
        return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no " + name + " in " + url);
  }

  /**
   * The authorization code a signed-in browser gets for a client (authorization code flow with
   * PKCE, SMART App Launch 2.x; S256 challenge of {@code verifier}).
   */
  static String authorizationCode(
      HttpClient browser,
      String root,
      String clientId,
      String redirect,
      String scope,
      String verifier)
      throws IOException, InterruptedException {
    HttpResponse<String> code =
        get(
            browser,
            root
                + "/oauth2/authorize?response_type=code&client_id="
                + enc(clientId)
                + "&redirect_uri="
                + enc(redirect)
                + "&scope="
                + enc(scope)
                + "&state=s&code_challenge="
                + challenge(verifier)
                + "&code_challenge_method=S256");
    assertThat(code.statusCode()).isEqualTo(302);
    return query(code.headers().firstValue("Location").orElseThrow(), "code");
  }
}
