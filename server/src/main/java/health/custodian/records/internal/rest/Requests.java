package health.custodian.records.internal.rest;

import health.custodian.records.FhirException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Small parsers for FHIR request headers and parameters. */
public final class Requests {

  private static final Pattern ETAG = Pattern.compile("^(?:W/)?\"?(\\d+)\"?$");

  private Requests() {}

  /** The FHIR base URL of this server as the client addressed it. */
  public static String base(HttpServletRequest r) {
    StringBuilder b =
        new StringBuilder().append(r.getScheme()).append("://").append(r.getServerName());
    int port = r.getServerPort();
    if (!(port == 80 && r.getScheme().equals("http"))
        && !(port == 443 && r.getScheme().equals("https"))) {
      b.append(':').append(port);
    }
    return b.append(r.getContextPath()).append("/fhir").toString();
  }

  /** The version named by {@code If-Match} (R4 3.1.0.5 "Managing Resource Contention"). */
  static @Nullable Integer ifMatch(HttpServletRequest r) {
    return version(r.getHeader("If-Match"), "If-Match");
  }

  static @Nullable Integer version(@Nullable String etag, String header) {
    if (etag == null || etag.isBlank()) {
      return null;
    }
    Matcher m = ETAG.matcher(etag.trim());
    if (!m.matches()) {
      throw FhirException.badRequest(
          "invalid-etag", header + " must be a version ETag such as W/\"3\"", null);
    }
    try {
      return Integer.valueOf(m.group(1));
    } catch (NumberFormatException e) {
      throw FhirException.badRequest("invalid-etag", header + " names no valid version", null);
    }
  }

  /** A FHIR instant or dateTime parameter such as {@code _since} (R4 2.24.0.6). */
  static @Nullable Instant instant(HttpServletRequest r, String name) {
    String raw = r.getParameter(name);
    if (raw == null) {
      return null;
    }
    // An unencoded '+' in a time zone offset arrives as a space.
    String v = raw.replace(' ', '+');
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return java.time.LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        throw FhirException.badRequest(
            "invalid-parameter", name + " must be an instant such as 2024-01-31T12:00:00Z", name);
      }
    }
  }

  /** {@code _count}, bounded: default {@code def}, at most {@code max}. */
  static int count(HttpServletRequest r, int def, int max) {
    String v = r.getParameter("_count");
    if (v == null) {
      return def;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return Math.min(n, max);
    } catch (NumberFormatException e) {
      throw FhirException.badRequest(
          "invalid-parameter", "_count must be a whole number", "_count");
    }
  }

  /** The query parameters in order, decoded. */
  static Map<String, List<String>> parameters(HttpServletRequest r) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    r.getParameterMap().forEach((k, v) -> params.put(k, new ArrayList<>(List.of(v))));
    return params;
  }

  /** The raw query string of the request URL, without the given parameters. */
  static String selfUrl(HttpServletRequest r) {
    String q = r.getQueryString();
    return base(r)
        + r.getRequestURI().substring(r.getContextPath().length() + "/fhir".length())
        + (q == null ? "" : "?" + q);
  }
}
