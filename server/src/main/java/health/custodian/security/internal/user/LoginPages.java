package health.custodian.security.internal.user;

import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;

/**
 * The plain HTML of the sign-in pages (the web workspace, issue #6, restyles them). Every value
 * written into the page is HTML-escaped.
 */
final class LoginPages {

  private LoginPages() {}

  static String password(CsrfToken csrf, @Nullable String message) {
    return page(
        "Sign in",
        message,
        "<form method=\"post\" action=\"/login\">"
            + csrfField(csrf)
            + "<p><label>User name <input name=\"username\" autocomplete=\"username\" required"
            + " autofocus></label></p>"
            + "<p><label>Password <input name=\"password\" type=\"password\""
            + " autocomplete=\"current-password\" required></label></p>"
            + "<p><button type=\"submit\">Sign in</button></p></form>");
  }

  static String totp(CsrfToken csrf, @Nullable String message) {
    return page(
        "Verification code",
        message,
        "<form method=\"post\" action=\"/login/totp\">"
            + csrfField(csrf)
            + "<p><label>6-digit code from your authenticator app <input name=\"code\""
            + " inputmode=\"numeric\" autocomplete=\"one-time-code\" required autofocus></label></p>"
            + "<p><button type=\"submit\">Verify</button></p></form>");
  }

  static String enrol(CsrfToken csrf, String secret, String uri, @Nullable String message) {
    return page(
        "Set up two-step verification",
        message,
        "<p>Your role requires a second factor. Add this key to an authenticator app (TOTP,"
            + " SHA-1, 6 digits, 30 seconds), then enter the code it shows.</p>"
            + "<p>Key: <code id=\"totp-secret\">"
            + HtmlUtils.htmlEscape(secret)
            + "</code></p><p>Link: <code id=\"totp-uri\">"
            + HtmlUtils.htmlEscape(uri)
            + "</code></p><form method=\"post\" action=\"/login/totp\">"
            + csrfField(csrf)
            + "<p><label>Code <input name=\"code\" inputmode=\"numeric\" required autofocus>"
            + "</label></p><p><button type=\"submit\">Verify and enable</button></p></form>");
  }

  private static String csrfField(CsrfToken csrf) {
    return "<input type=\"hidden\" name=\""
        + HtmlUtils.htmlEscape(csrf.getParameterName())
        + "\" value=\""
        + HtmlUtils.htmlEscape(csrf.getToken())
        + "\">";
  }

  private static String page(String title, @Nullable String message, String body) {
    // The workspace's stylesheet and icon (static, public); no script on sign-in pages.
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<link rel=\"icon\" type=\"image/svg+xml\" href=\"/web/favicon.svg\">"
        + "<link rel=\"stylesheet\" href=\"/web/app.css\"><title>"
        + HtmlUtils.htmlEscape(title)
        + " - Custodian</title></head><body><header class=\"banner\" role=\"banner\">"
        + "<span class=\"brand\">Custodian</span></header>"
        + "<main id=\"main\" class=\"page narrow signin\"><h1>"
        + HtmlUtils.htmlEscape(title)
        + "</h1>"
        + (message == null
            ? ""
            : "<p role=\"alert\" id=\"message\">" + HtmlUtils.htmlEscape(message) + "</p>")
        + body
        + "</main></body></html>";
  }
}
