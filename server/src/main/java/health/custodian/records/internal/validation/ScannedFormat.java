package health.custodian.records.internal.validation;

import org.jspecify.annotations.Nullable;

/**
 * The regexes of the R4 primitive types that every resource is full of (date, dateTime, instant,
 * time, id, oid, uuid; R4 datatypes §2.24.0.1), each checked by a hand-written scanner that accepts
 * exactly what {@code Pattern.compile(regex).matcher(text).matches()} accepts, without the regex
 * engine's backtracking and allocation (a bulk import checks millions of these values).
 *
 * <p>A scanner is used only when the StructureDefinition's regex is the very text it was written
 * for ({@link #forRegex}); any other regex is applied as such, so a different core package can
 * never be checked by the wrong rule. {@code ScannedFormatTest} compares each scanner with its
 * regex over boundary and random values.
 */
enum ScannedFormat {
  DATE(
      "date",
      "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]"
          + "|3[0-1]))?)?") {
    @Override
    boolean matches(String text) {
      return dateTime(text, false, false);
    }
  },
  DATE_TIME(
      "dateTime",
      "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]"
          + "|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?(Z|(\\+|-)((0[0-9]"
          + "|1[0-3]):[0-5][0-9]|14:00)))?)?)?") {
    @Override
    boolean matches(String text) {
      return dateTime(text, true, false);
    }
  },
  INSTANT(
      "instant",
      "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]"
          + "|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?(Z|(\\+|-)((0[0-9]"
          + "|1[0-3]):[0-5][0-9]|14:00))") {
    @Override
    boolean matches(String text) {
      return dateTime(text, true, true);
    }
  },
  TIME("time", "([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?") {
    @Override
    boolean matches(String text) {
      int end = clock(text, 0);
      return end >= 0 && fraction(text, end) == text.length();
    }
  },
  ID("id", "[A-Za-z0-9\\-\\.]{1,64}") {
    @Override
    boolean matches(String text) {
      int n = text.length();
      if (n < 1 || n > 64) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        char c = text.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.';
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  },
  OID("oid", "urn:oid:[0-2](\\.(0|[1-9][0-9]*))+") {
    @Override
    boolean matches(String text) {
      int n = text.length();
      if (n < 10 || !text.startsWith("urn:oid:") || text.charAt(8) < '0' || text.charAt(8) > '2') {
        return false;
      }
      int i = 9;
      do {
        // One arc: a dot, then 0 alone or a number without a leading zero.
        if (i + 1 >= n || text.charAt(i) != '.' || !digit(text, i + 1)) {
          return false;
        }
        i += 2;
        if (text.charAt(i - 1) != '0') {
          while (i < n && digit(text, i)) {
            i++;
          }
        }
      } while (i < n);
      return true;
    }
  },
  UUID("uuid", "urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}") {
    @Override
    boolean matches(String text) {
      if (text.length() != 45 || !text.startsWith("urn:uuid:")) {
        return false;
      }
      for (int i = 9; i < 45; i++) {
        char c = text.charAt(i);
        boolean ok =
            (i == 17 || i == 22 || i == 27 || i == 32)
                ? c == '-'
                : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  };

  private final String type;
  private final String regex;

  ScannedFormat(String type, String regex) {
    this.type = type;
    this.regex = regex;
  }

  /** Whether the whole text matches the regex. */
  abstract boolean matches(String text);

  String type() {
    return type;
  }

  String regex() {
    return regex;
  }

  /**
   * The scanner for this type's regex, or null when the regex is not the one it was written for.
   */
  static @Nullable ScannedFormat forRegex(String type, String regex) {
    for (ScannedFormat format : values()) {
      if (format.type.equals(type) && format.regex.equals(regex)) {
        return format;
      }
    }
    return null;
  }

  /**
   * The date, dateTime and instant regexes: a year other than 0000, then optionally (always for an
   * instant) {@code -MM}, {@code -DD} and {@code Thh:mm:ss[.f+]} with a zone; a time needs a day.
   */
  private static boolean dateTime(String s, boolean timeAllowed, boolean complete) {
    int n = s.length();
    if (n < 4
        || !digit(s, 0)
        || !digit(s, 1)
        || !digit(s, 2)
        || !digit(s, 3)
        || (s.charAt(0) == '0' && s.charAt(1) == '0' && s.charAt(2) == '0' && s.charAt(3) == '0')) {
      return false;
    }
    if (n == 4) {
      return !complete;
    }
    if (n < 7 || s.charAt(4) != '-' || !month(s, 5)) {
      return false;
    }
    if (n == 7) {
      return !complete;
    }
    if (n < 10 || s.charAt(7) != '-' || !day(s, 8)) {
      return false;
    }
    if (n == 10) {
      return !complete;
    }
    if (!timeAllowed || s.charAt(10) != 'T') {
      return false;
    }
    int i = clock(s, 11);
    return i >= 0 && zone(s, fraction(s, i));
  }

  /** {@code ([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)} at {@code i}: the index after it. */
  private static int clock(String s, int i) {
    if (s.length() < i + 8
        || !hour(s, i)
        || s.charAt(i + 2) != ':'
        || !sixty(s, i + 3)
        || s.charAt(i + 5) != ':'
        || !(sixty(s, i + 6) || (s.charAt(i + 6) == '6' && s.charAt(i + 7) == '0'))) {
      return -1;
    }
    return i + 8;
  }

  /** {@code (\.[0-9]+)?} at {@code i}: the index after it, or -1 for a dot without digits. */
  private static int fraction(String s, int i) {
    if (i < 0 || i >= s.length() || s.charAt(i) != '.') {
      return i;
    }
    int j = i + 1;
    while (j < s.length() && digit(s, j)) {
      j++;
    }
    return j == i + 1 ? -1 : j;
  }

  /** {@code (Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))} from {@code i} to the end. */
  private static boolean zone(String s, int i) {
    int n = s.length();
    if (i < 0 || i >= n) {
      return false;
    }
    char sign = s.charAt(i);
    if (sign == 'Z') {
      return i + 1 == n;
    }
    if ((sign != '+' && sign != '-') || n != i + 6 || s.charAt(i + 3) != ':') {
      return false;
    }
    char h1 = s.charAt(i + 1);
    char h2 = s.charAt(i + 2);
    if (h1 == '1' && h2 == '4') {
      return s.charAt(i + 4) == '0' && s.charAt(i + 5) == '0';
    }
    boolean hours = (h1 == '0' && digit(s, i + 2)) || (h1 == '1' && h2 >= '0' && h2 <= '3');
    return hours && sixty(s, i + 4);
  }

  private static boolean month(String s, int i) {
    char a = s.charAt(i);
    char b = s.charAt(i + 1);
    return (a == '0' && b >= '1' && b <= '9') || (a == '1' && b >= '0' && b <= '2');
  }

  private static boolean day(String s, int i) {
    char a = s.charAt(i);
    char b = s.charAt(i + 1);
    return (a == '0' && b >= '1' && b <= '9')
        || ((a == '1' || a == '2') && b >= '0' && b <= '9')
        || (a == '3' && (b == '0' || b == '1'));
  }

  private static boolean hour(String s, int i) {
    char a = s.charAt(i);
    char b = s.charAt(i + 1);
    return ((a == '0' || a == '1') && b >= '0' && b <= '9') || (a == '2' && b >= '0' && b <= '3');
  }

  /** {@code [0-5][0-9]}. */
  private static boolean sixty(String s, int i) {
    char a = s.charAt(i);
    return a >= '0' && a <= '5' && digit(s, i + 1);
  }

  private static boolean digit(String s, int i) {
    char c = s.charAt(i);
    return c >= '0' && c <= '9';
  }
}
