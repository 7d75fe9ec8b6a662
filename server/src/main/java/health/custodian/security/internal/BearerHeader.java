package health.custodian.security.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Finds the bearer token of a request (RFC 6750 section 2.1) exactly as Spring Security's {@link
 * DefaultBearerTokenResolver} does, without running its regular expression over the kilobyte of
 * token that every FHIR request carries (it was a twentieth of a protected read's server CPU,
 * docs/benchmarks.md). Requests that could also carry the token as an {@code access_token}
 * parameter (a form POST, or a GET whose query names one) go to the default resolver, which refuses
 * two tokens in one request.
 */
final class BearerHeader implements BearerTokenResolver {

  private static final String PREFIX = "Bearer ";
  private static final String PARAMETER = "access_token";

  /**
   * The b64token characters by code (one load per character of the kilobyte token instead of up to
   * nine comparisons, docs/benchmarks.md 2026-11-27).
   */
  private static final boolean[] TOKEN_CHARS = tokenChars();

  private final BearerTokenResolver fallback = new DefaultBearerTokenResolver();

  @Override
  public @Nullable String resolve(HttpServletRequest request) {
    if (mayCarryParameter(request)) {
      return fallback.resolve(request);
    }
    return token(request.getHeader(HttpHeaders.AUTHORIZATION));
  }

  /**
   * The token of an {@code Authorization} header: null when the header is absent or names another
   * scheme; an error when it names Bearer but is not {@code Bearer b64token} (RFC 6750: the
   * characters {@code A-Z a-z 0-9 - . _ ~ + /}, then any number of {@code =}).
   */
  static @Nullable String token(@Nullable String header) {
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length() - 1)) {
      return null;
    }
    int n = header.length();
    int i = PREFIX.length();
    if (n <= i || header.charAt(i - 1) != ' ') {
      throw malformed();
    }
    int start = i;
    while (i < n && tokenChar(header.charAt(i))) {
      i++;
    }
    if (i == start) {
      throw malformed();
    }
    while (i < n && header.charAt(i) == '=') {
      i++;
    }
    if (i != n) {
      throw malformed();
    }
    return header.substring(start);
  }

  private static boolean tokenChar(char c) {
    return c < 128 && TOKEN_CHARS[c];
  }

  private static boolean[] tokenChars() {
    boolean[] t = new boolean[128];
    for (char c = 0; c < 128; c++) {
      t[c] =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~'
              || c == '+'
              || c == '/';
    }
    return t;
  }

  private static OAuth2AuthenticationException malformed() {
    return new OAuth2AuthenticationException(
        BearerTokenErrors.invalidToken("Bearer token is malformed"));
  }

  private static boolean mayCarryParameter(HttpServletRequest request) {
    String method = request.getMethod();
    if (HttpMethod.POST.matches(method)) {
      String type = request.getContentType();
      String form = MediaType.APPLICATION_FORM_URLENCODED_VALUE;
      return type != null && type.regionMatches(true, 0, form, 0, form.length());
    }
    return HttpMethod.GET.matches(method)
        && request.getQueryString() != null
        && request.getParameterValues(PARAMETER) != null;
  }
}
