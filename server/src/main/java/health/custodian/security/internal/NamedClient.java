package health.custodian.security.internal;

import health.custodian.access.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The client a token request names, for auditing its refusal under that client (the compliance
 * auditor wants the attacked client, not "anonymous"): the id of HTTP Basic authentication ({@code
 * client_secret_basic}, RFC 6749 section 2.3.1), else the {@code client_id} parameter ({@code
 * client_secret_post}, or supplied from a client assertion's {@code sub} by {@link
 * ClientAssertionClientId}). The value is the requester's claim, unverified and
 * attacker-controlled, so it is bounded and reduced to the characters a client id may have.
 */
final class NamedClient {

  /** At most this many characters of a named client id are recorded (Custodian's are 36). */
  static final int MAX_LENGTH = 64;

  private static final String BASIC = "Basic ";

  private NamedClient() {}

  /** What a request presented: the client id and, for secret-based methods, the secret. */
  record Presented(@Nullable String clientId, @Nullable String secret) {}

  static Presented presented(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
      String pair;
      try {
        pair =
            new String(
                Base64.getDecoder().decode(header.substring(BASIC.length()).trim()),
                StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return new Presented(null, null);
      }
      int colon = pair.indexOf(':');
      if (colon < 0) {
        // No "id:secret" pair: the whole value may be a secret, so nothing of it is named.
        return new Presented(null, null);
      }
      return new Presented(
          formDecoded(pair.substring(0, colon)), formDecoded(pair.substring(colon + 1)));
    }
    return new Presented(request.getParameter("client_id"), request.getParameter("client_secret"));
  }

  /**
   * The unauthenticated caller to audit a refused token request under: kind ANONYMOUS (rendered
   * with the {@code anonymous} naming system), named after the client the request named, or {@code
   * anonymous} when it named none.
   */
  static Caller caller(HttpServletRequest request) {
    String id = sanitised(presented(request).clientId());
    return id == null
        ? Caller.anonymous(request.getRemoteAddr())
        : Caller.attempting(id, request.getRemoteAddr());
  }

  /**
   * The claimed id as it may be recorded: characters outside RFC 6749's {@code VSCHAR} (appendix
   * A.1: %x20-7E, the client id's syntax) become {@code ?}, and an id longer than {@link
   * #MAX_LENGTH} keeps its first characters followed by {@code ...}; null when empty.
   */
  static @Nullable String sanitised(@Nullable String claimed) {
    if (claimed == null || claimed.isEmpty()) {
      return null;
    }
    boolean tooLong = claimed.length() > MAX_LENGTH;
    String kept = tooLong ? claimed.substring(0, MAX_LENGTH - 3) : claimed;
    StringBuilder out = new StringBuilder(MAX_LENGTH);
    for (int i = 0; i < kept.length(); i++) {
      char c = kept.charAt(i);
      out.append(c >= 0x20 && c <= 0x7e ? c : '?');
    }
    if (tooLong) {
      out.append("...");
    }
    return out.toString();
  }

  private static String formDecoded(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value;
    }
  }
}
