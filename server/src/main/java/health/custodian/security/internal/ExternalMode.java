package health.custodian.security.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Answers for what the external OpenID Connect provider mode switches off. */
final class ExternalMode {

  private ExternalMode() {}

  /** The built-in authorization server's endpoints do not exist in this mode. */
  static void notFound(HttpServletResponse response) throws IOException {
    write(
        response,
        404,
        "text/plain",
        "Not found: this server authenticates through an external OpenID Connect provider.\n");
  }

  /** The web workspace's pages: a plain designed page instead of a sign-in that does not exist. */
  static void page(HttpServletResponse response) throws IOException {
    write(
        response,
        403,
        "text/html",
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Custodian: workspace unavailable</title>
        <link rel="stylesheet" href="/web/app.css"></head>
        <body><main id="main" class="page narrow"><h1>Workspace unavailable</h1>
        <p class="notice">This server authenticates through an external OpenID Connect provider. The web
        workspace signs in only with the built-in authorization server; use a SMART app with
        the provider's sign-in to reach the FHIR API.</p></main></body></html>
        """);
  }

  /**
   * The workspace's sign-in through the provider was refused: no mapped role (403), or the
   * provider's answer failed a check (401). Says nothing about which check: the details are in the
   * audit record.
   */
  static void signInRefused(HttpServletResponse response, boolean noRole) throws IOException {
    String title = noRole ? "No Custodian role" : "Sign-in failed";
    String text =
        noRole
            ? "You signed in at the identity provider, but none of your roles there gives access"
                + " to Custodian. Ask your administrator to grant you a role that is mapped to"
                + " Custodian's roles."
            : "The sign-in through the identity provider could not be completed. Please try again;"
                + " if it keeps failing, tell your administrator the time it happened.";
    write(response, noRole ? 403 : 401, "text/html", page(title, text, true));
  }

  /** The provider cannot be reached to start a sign-in: try again later. */
  static void providerUnavailable(HttpServletResponse response) throws IOException {
    response.setHeader("Retry-After", "30");
    write(
        response,
        503,
        "text/html",
        page(
            "Sign-in unavailable",
            "The identity provider cannot be reached at the moment. Please try again in a few"
                + " minutes.",
            true));
  }

  /** After sign-out (and the provider's, when it offers one). */
  static String signedOutPage() {
    return page("Signed out", "You are signed out of Custodian.", true);
  }

  private static String page(String title, String text, boolean signInLink) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Custodian: "
        + title
        + "</title><link rel=\"stylesheet\" href=\"/web/app.css\"></head>\n"
        + "<body><main id=\"main\" class=\"page narrow\"><h1>"
        + title
        + "</h1>\n<p class=\"notice\">"
        + text
        + "</p>"
        + (signInLink ? "\n<p><a href=\"" + ExternalWebSignIn.START + "\">Sign in</a></p>" : "")
        + "</main></body></html>\n";
  }

  private static void write(HttpServletResponse response, int status, String type, String body)
      throws IOException {
    response.resetBuffer();
    response.setStatus(status);
    response.setContentType(type + ";charset=UTF-8");
    response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    response.flushBuffer();
  }
}
