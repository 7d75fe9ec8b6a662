package health.custodian.testsupport;

import health.custodian.security.internal.user.Totp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A signed-in web workspace session over plain HTTP: signs in through the real pages (password,
 * then TOTP enrolment or challenge, with their CSRF tokens) and keeps the session cookie.
 */
public final class WebSession {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\">([A-Z2-7]+)<");

  private final HttpClient client =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final String root;
  private String totpSecret = "";

  private WebSession(String root) {
    this.root = root;
  }

  /** Signs in; enrols TOTP when the account has none yet (its secret is kept for later). */
  public static WebSession signIn(String root, String user, String password) {
    WebSession s = new WebSession(root);
    String csrf = match(CSRF, s.get("/login").body());
    HttpResponse<String> r =
        s.post(
            "/login",
            "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(csrf));
    String next = r.headers().firstValue("Location").orElse("");
    if (next.endsWith("/login/totp")) {
      String page = s.get("/login/totp").body();
      Matcher secret = SECRET.matcher(page);
      if (secret.find()) {
        s.totpSecret = secret.group(1);
      }
      r =
          s.post(
              "/login/totp",
              "code="
                  + Totp.code(s.totpSecret, Instant.now())
                  + "&_csrf="
                  + enc(match(CSRF, page)));
    }
    if (r.statusCode() != 302) {
      throw new IllegalStateException("sign-in failed: " + r.statusCode());
    }
    return s;
  }

  public String totpSecret() {
    return totpSecret;
  }

  public HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  public HttpResponse<String> post(String path, String form) {
    return send(
        HttpRequest.newBuilder(URI.create(root + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String match(Pattern p, String body) {
    Matcher m = p.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("not found in page: " + p);
    }
    return m.group(1);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
