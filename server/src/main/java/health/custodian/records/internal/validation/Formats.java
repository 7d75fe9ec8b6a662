package health.custodian.records.internal.validation;

/**
 * Hand-written checks for formats whose R4 regexes would be slow or unsafe on long values (nested
 * repetitions like {@code (\s*([0-9a-zA-Z\+/=]){4}\s*)+} recurse per repetition in java.util.regex
 * and can overflow the stack on a large attachment), plus the calendar check no regex can do.
 */
final class Formats {

  private static final int SHOWN = 60;

  /** Base64 alphabet (RFC 4648 §4, with padding) as bit sets over chars 0-63 and 64-127. */
  private static final long BASE64_LOW = bits("0123456789+/=");

  private static final long BASE64_HIGH =
      bits("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

  private static final long WHITESPACE_LOW = bits(" \t\n\u000B\f\r");

  private Formats() {}

  /** The offending value as shown in messages, truncated so messages never carry large values. */
  static String show(String text) {
    return text.length() <= SHOWN ? '"' + text + '"' : '"' + text.substring(0, SHOWN) + "...\"";
  }

  static boolean hasWhitespace(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // Every whitespace character is at most a space: one compare for the usual character.
      if (c <= ' ' && isWhitespace(c)) {
        return true;
      }
    }
    return false;
  }

  /** R4 code: {@code [^\s]+(\s[^\s]+)*}, no leading, trailing or doubled whitespace. */
  static boolean isCode(String text) {
    boolean previousSpace = true;
    for (int i = 0; i < text.length(); i++) {
      boolean space = isWhitespace(text.charAt(i));
      if (space && previousSpace) {
        return false;
      }
      previousSpace = space;
    }
    return !previousSpace;
  }

  /** R4 base64Binary: groups of four base64 characters, whitespace allowed between them. */
  static boolean isBase64(String text) {
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 64) {
        long bit = 1L << c;
        if ((BASE64_LOW & bit) != 0) {
          count++;
        } else if ((WHITESPACE_LOW & bit) == 0) {
          return false;
        }
      } else if (c < 128 && (BASE64_HIGH & (1L << (c - 64))) != 0) {
        count++;
      } else {
        return false;
      }
    }
    return count % 4 == 0 && count > 0;
  }

  /** R4 narrative §2.4.0.1: the div element is the root of the XHTML fragment. */
  static boolean isXhtmlDiv(String text) {
    int i = 0;
    while (i < text.length() && isWhitespace(text.charAt(i))) {
      i++;
    }
    return text.startsWith("<div", i);
  }

  /**
   * Rejects dates the regexes accept but the calendar does not, like 2021-02-30 (the regex allows
   * any day 01-31). Expects text already matching the date/dateTime/instant regex.
   */
  static boolean isRealDate(String text) {
    if (text.length() < 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
      return true;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1) {
      return false;
    }
    return day <= daysIn(year, month);
  }

  private static int daysIn(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static long bits(String chars) {
    long set = 0;
    for (int i = 0; i < chars.length(); i++) {
      set |= 1L << (chars.charAt(i) & 63);
    }
    return set;
  }

  /** The whitespace of regex {@code \s}: space, tab, newline, vertical tab, form feed, return. */
  private static boolean isWhitespace(char c) {
    return c < 64 && (WHITESPACE_LOW & (1L << c)) != 0;
  }
}
