package health.custodian.records.internal.bulk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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

  /** Eight bytes of a line as one long, for the word-at-a-time scan of strings. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private CanonicalLine() {}

  /**
   * Where the text after {@code {"resourceType":"T","id":"X"}} begins (at a {@code ,} or {@code
   * }}), or -1 when the line is not in that canonical shape. The text itself stays in the line: the
   * writer copies it from there into {@code COPY} ({@code WriteSession.knownBodyTail}).
   *
   * @param hasMeta whether the parsed resource has a {@code meta}: it must then come right after
   *     the id, where the server's elements are spliced into it
   */
  static int tailStart(String type, String id, boolean hasMeta, byte[] line) {
    String prefix = "{\"resourceType\":\"" + type + "\",\"id\":\"" + id + "\"";
    int n = prefix.length();
    if (line.length <= n) {
      return -1;
    }
    for (int i = 0; i < n; i++) {
      if (line[i] != prefix.charAt(i)) {
        return -1;
      }
    }
    if (line[n] != ',' && line[n] != '}') {
      return -1;
    }
    if (hasMeta && !startsWith(line, n, CLIENT_META)) {
      return -1;
    }
    return canonical(line, n) ? n : -1;
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
    for (int i = from; i < b.length; i++) {
      int c = b[i] & 0xff;
      if (c == '"') {
        i = stringEnd(b, i + 1);
        if (i < 0) {
          return false;
        }
        continue;
      }
      switch (c) {
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
    return true;
  }

  /**
   * The index of the quote that closes the string whose text starts at {@code i}, or -1 when the
   * string is unterminated or holds an escape or control character that Jackson would not write.
   * Kept apart from the loop over the structure: nearly every byte of a line is inside a string,
   * and this loop tests them eight at a time.
   */
  private static int stringEnd(byte[] b, int i) {
    while (i < b.length) {
      int at;
      if (i + 8 <= b.length) {
        long special = special((long) LONGS.get(b, i));
        if (special == 0) {
          i += 8; // eight plain bytes at once
          continue;
        }
        at = i + (Long.numberOfTrailingZeros(special) >>> 3);
      } else {
        at = i;
        int c = b[at] & 0xff;
        if (c > '\\' || (c >= 0x20 && c != '"' && c != '\\')) {
          i++; // the last bytes of the line, one by one
          continue;
        }
      }
      int c = b[at];
      if (c == '"') {
        return at;
      }
      if (c != '\\' || at + 1 >= b.length || !escaped(b[at + 1])) {
        return -1;
      }
      i = at + 2;
    }
    return -1;
  }

  /**
   * The high bit of each byte of the eight that is a quote, a backslash or a control character,
   * with the classic word-at-a-time tests ({@code (x - 0x01..) & ~x & 0x80..} flags the zero bytes
   * of x). Only bytes above a flagged one can be flagged wrongly, so the lowest flag is exact.
   */
  private static long special(long w) {
    long quote = w ^ 0x2222222222222222L;
    long backslash = w ^ 0x5C5C5C5C5C5C5C5CL;
    long found =
        ((quote - ONES) & ~quote)
            | ((backslash - ONES) & ~backslash)
            | ((w - 0x2020202020202020L) & ~w);
    return found & HIGH_BITS;
  }

  /** Jackson writes these short escapes and nothing else for printable text. */
  private static boolean escaped(byte e) {
    return e == '"' || e == '\\' || e == 'n' || e == 't' || e == 'r' || e == 'b' || e == 'f';
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
