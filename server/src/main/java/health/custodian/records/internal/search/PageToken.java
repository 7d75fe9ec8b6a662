package health.custodian.records.internal.search;

import health.custodian.records.FhirException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The opaque continuation of a search. Results are ordered by {@code resource.pk}; a page resumes
 * after {@code lastPk} and never goes past {@code maxPk}, the highest key when the search began, so
 * resources created meanwhile cannot shift pages (no repeats, no skips). The query hash binds the
 * token to the search it came from.
 */
record PageToken(long lastPk, long maxPk, long total, String queryHash) {

  private static final String VERSION = "p1";

  String encode() {
    String raw = VERSION + ":" + lastPk + ":" + maxPk + ":" + total + ":" + queryHash;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static PageToken decode(String token, String expectedHash) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = raw.split(":", -1);
      if (parts.length == 5 && parts[0].equals(VERSION) && parts[4].equals(expectedHash)) {
        return new PageToken(
            Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]), parts[4]);
      }
    } catch (IllegalArgumentException e) {
      // Falls through to the error below: a token we did not issue.
    }
    throw FhirException.badRequest(
        "invalid-page-token", "The page token is invalid or belongs to another search", null);
  }

  /** A short digest of the type and the parameters, independent of parameter order. */
  static String queryHash(String resourceType, Map<String, List<String>> parameters) {
    return queryHash(resourceType, parameters, List.of());
  }

  /**
   * The digest also over the access conditions the statement was built with (the caller's rules as
   * SQL and their arguments: patients, labels, actors, purposes; issue #5). A token carries the
   * total of the caller who started the search, so a caller whose conditions differ must not be
   * able to continue it: its own rows would come with that caller's count.
   */
  static String queryHash(
      String resourceType, Map<String, List<String>> parameters, List<SqlCondition> access) {
    StringBuilder canonical =
        new StringBuilder(resourceType).append('?').append(new TreeMap<>(parameters));
    for (SqlCondition c : access) {
      canonical.append('\n').append(c.sql());
      for (Object a : c.args()) {
        canonical
            .append('\u001f')
            .append(a instanceof Object[] array ? java.util.Arrays.toString(array) : a);
      }
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
