package health.custodian.records.internal.patch;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed JSON Pointer (RFC 6901): the list of unescaped reference tokens. The empty pointer
 * ({@code ""}) has no tokens and refers to the whole document.
 *
 * <p>Our own type rather than Jackson's {@code JsonPointer}: Jackson accepts malformed escapes such
 * as {@code ~2} and reads {@code 01} as an array index, both of which RFC 6901 forbids.
 */
record JsonPointer(List<String> tokens) {

  /** RFC 6901 §4: the token {@code -} names the (nonexistent) element after the last one. */
  static final String END_OF_ARRAY = "-";

  JsonPointer {
    tokens = List.copyOf(tokens);
  }

  /**
   * Parses the string form of a pointer.
   *
   * @throws IllegalArgumentException if the text is not a pointer per the RFC 6901 §3 grammar
   */
  static JsonPointer parse(String text) {
    if (text.isEmpty()) {
      return new JsonPointer(List.of());
    }
    if (text.charAt(0) != '/') {
      throw new IllegalArgumentException("a JSON Pointer must be empty or start with '/'");
    }
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '/') {
        tokens.add(token.toString());
        token.setLength(0);
      } else if (c == '~') {
        // RFC 6901 §3: escaped = "~" ( "0" / "1" ). Decoding one escape at a time gives the
        // §4 ordering for free: "~01" is "~" followed by "1", never "/".
        char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
        if (next == '0') {
          token.append('~');
        } else if (next == '1') {
          token.append('/');
        } else {
          throw new IllegalArgumentException(
              "'~' must be followed by '0' or '1' in a JSON Pointer (RFC 6901 section 3)");
        }
        i++;
      } else {
        token.append(c);
      }
    }
    tokens.add(token.toString());
    return new JsonPointer(tokens);
  }

  boolean isRoot() {
    return tokens.isEmpty();
  }

  /** The pointer to the containing value; only meaningful when not {@link #isRoot()}. */
  JsonPointer parent() {
    return new JsonPointer(tokens.subList(0, tokens.size() - 1));
  }

  /** The last reference token; only meaningful when not {@link #isRoot()}. */
  String last() {
    return tokens.get(tokens.size() - 1);
  }

  /** True if this pointer names a value strictly inside the value that {@code other} names. */
  boolean isProperDescendantOf(JsonPointer other) {
    return tokens.size() > other.tokens.size()
        && tokens.subList(0, other.tokens.size()).equals(other.tokens);
  }

  /**
   * Reads a token as an array index per RFC 6901 §4: {@code 0} or a digit string without a leading
   * zero. Returns -1 when the token is not such a string or does not fit in an int.
   */
  static int arrayIndex(String token) {
    int length = token.length();
    if (length == 0 || length > 9 || (length > 1 && token.charAt(0) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < length; i++) {
      char c = token.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** The string form, re-escaped (RFC 6901 §3), for messages. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (String token : tokens) {
      text.append('/').append(token.replace("~", "~0").replace("/", "~1"));
    }
    return text.toString();
  }
}
