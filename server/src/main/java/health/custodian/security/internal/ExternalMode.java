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

  private static void write(HttpServletResponse response, int status, String type, String body)
      throws IOException {
    response.resetBuffer();
    response.setStatus(status);
    response.setContentType(type + ";charset=UTF-8");
    response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    response.flushBuffer();
  }
}
