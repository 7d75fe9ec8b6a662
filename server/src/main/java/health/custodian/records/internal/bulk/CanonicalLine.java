package health.custodian.records.internal.bulk;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Recognises NDJSON lines that are already exactly the text the store would write for their tree
 * ({@code FhirJson.write}: compact, Jackson's escapes, decimals as read) and begin with {@code
 * {"resourceType":"T","id":"X"}: for those the stored body is the line with {@code meta} spliced in
 * after the id ({@code WriteSession.knownBodyTail}), which saves serialising the tree again. Anything
 * else (whitespace between tokens, other escapes such as {@code \/} or {@code \u0041}, exponents,
 * {@code -0}, decimals below 10^-6 that {@code BigDecimal} prints in scientific notation) is
 * serialised as before; this class only has to be conservative. A client's {@code meta} must come
 * right after the id and hold neither {@code versionId} nor {@code lastUpdated} (checked by the
 * caller on the tree).
 */
final class CanonicalLine {

  private static final String CLIENT_META = ",\"meta\":{";

  private CanonicalLine() {}

  /**
   * The text after {@code {"resourceType":"T","id":"X"}} (starting with {@code ,} or {@code }}), or
   * null when the line is not in that canonical shape.
   *
   * @param hasMeta whether the parsed resource has a {@code meta}: it must then come right after
   *     the id, where the server's elements are spliced into it
   */
  static @Nullable String tail(String type, String id, boolean hasMeta, byte[] line) {
    String prefix = "{\"resourceType\":\"" + type + "\",\"id\":\"" + id + "\"";
    int n = prefix.length();
    if (line.length <= n) {
      return null;
    }
    for (int i = 0; i < n; i++) {
      if (line[i] != prefix.charAt(i)) {
        return null;
      }
    }
    if (line[n] != ',' && line[n] != '}') {
      return null;
    }
    if (hasMeta && !startsWith(line, n, CLIENT_META)) {
      return null;
    }
    return canonical(line, n) ? new String(line, n, line.length - n, StandardCharsets.UTF_8) : null;
  }

  private static boolean startsWith(byte[] line, int at, String ascii) {
    if (line.length < at + ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (line[at + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean canonical(byte[] b, int from) {
    boolean inString = false;
    for (int i = from; i < b.length; i++) {
      int c = b[i] & 0xff;
      if (inString) {
        if (c == '"') {
          inString = false;
        } else if (c == '\\') {
          i++;
          if (i >= b.length) {
            return false;
          }
          int e = b[i];
          // Jackson writes these short escapes and nothing else for printable text.
          if (e != '"' && e != '\\' && e != 'n' && e != 't' && e != 'r' && e != 'b' && e != 'f') {
            return false;
          }
        } else if (c < 0x20) {
          return false;
        }
        continue;
      }
      switch (c) {
        case '"' -> inString = true;
        case '{', '}', '[', ']', ',', ':' -> {}
        case '-' -> {
          if (i + 1 < b.length && b[i + 1] == '0' && !fractionWithDigit(b, i + 2)) {
            return false; // -0 and -0.0 print as 0 and 0.0
          }
        }
        case '0' -> {
          if (startsNumber(b, i) && tinyDecimal(b, i)) {
            return false;
          }
        }
        case 'e', 'E' -> {
          int p = i > 0 ? b[i - 1] : 0;
          if ((p >= '0' && p <= '9') || p == '.') {
            return false; // an exponent: BigDecimal prints it its own way
          }
        }
        default -> {
          boolean allowed =
              (c >= '0' && c <= '9')
                  || c == '.'
                  // true, false, null
                  || c == 't'
                  || c == 'r'
                  || c == 'u'
                  || c == 'f'
                  || c == 'a'
                  || c == 'l'
                  || c == 's'
                  || c == 'n';
          if (!allowed) {
            return false; // whitespace or anything unexpected
          }
        }
      }
    }
    return !inString;
  }

  /**
   * Whether a fraction with a non-zero digit follows ({@code -0.5} is canonical, {@code -0.0} not).
   */
  private static boolean fractionWithDigit(byte[] b, int i) {
    if (i >= b.length || b[i] != '.') {
      return false;
    }
    for (int j = i + 1; j < b.length && b[j] >= '0' && b[j] <= '9'; j++) {
      if (b[j] != '0') {
        return true;
      }
    }
    return false;
  }

  private static boolean startsNumber(byte[] b, int i) {
    if (i == 0) {
      return true;
    }
    int p = b[i - 1];
    return p == ':' || p == ',' || p == '[' || p == '-';
  }

  /**
   * {@code 0.000000…}: six or more zeros after the point, where {@code BigDecimal.toString}
   * switches to scientific notation (adjusted exponent below -6).
   */
  private static boolean tinyDecimal(byte[] b, int i) {
    if (i + 1 >= b.length || b[i + 1] != '.') {
      return false;
    }
    int zeros = 0;
    for (int j = i + 2; j < b.length && b[j] == '0'; j++) {
      zeros++;
    }
    return zeros >= 6;
  }
}
