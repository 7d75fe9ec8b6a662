package health.custodian.records.internal.rest;

import health.custodian.records.FhirException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/**
 * The response format (R4 3.1.0.1.10 "Content Types and encodings"): {@code _format} wins over
 * {@code Accept}; JSON by default. {@code _pretty=true} indents.
 */
record Format(boolean xml, boolean pretty) {

  static final String JSON = "application/fhir+json;charset=utf-8";
  static final String XML = "application/fhir+xml;charset=utf-8";

  static Format of(HttpServletRequest request) {
    // A GET or HEAD without a query string has no parameters (neither the container nor Spring's
    // form filter reads their bodies): the parameter lookups, which parse and check parameters, are
    // skipped for the common read.
    String method = request.getMethod();
    boolean none =
        request.getQueryString() == null && ("GET".equals(method) || "HEAD".equals(method));
    boolean pretty = !none && "true".equals(request.getParameter("_pretty"));
    String format = none ? null : request.getParameter("_format");
    if (format != null) {
      return new Format(isXml(format), pretty);
    }
    String accept = request.getHeader("Accept");
    if (accept == null) {
      return new Format(false, pretty);
    }
    String a = accept.toLowerCase(Locale.ROOT);
    boolean wantsJson = a.contains("json") || a.contains("*/*");
    boolean wantsXml = a.contains("xml");
    // When both are acceptable prefer whichever is listed first.
    if (wantsXml && wantsJson) {
      int x = a.indexOf("xml");
      int j = a.contains("json") ? a.indexOf("json") : a.indexOf("*/*");
      return new Format(x < j, pretty);
    }
    return new Format(wantsXml, pretty);
  }

  private static boolean isXml(String format) {
    String f = format.toLowerCase(Locale.ROOT).trim();
    if (f.equals("xml")
        || f.equals("text/xml")
        || f.startsWith("application/fhir+xml")
        || f.startsWith("application/xml")) {
      return true;
    }
    if (f.equals("json")
        || f.startsWith("application/fhir+json")
        || f.startsWith("application/json")
        || f.equals("text/json")) {
      return false;
    }
    throw new FhirException(
        406, "unsupported-format", "not-supported", "Unsupported _format; use json or xml");
  }

  String contentType() {
    return xml ? XML : JSON;
  }
}
