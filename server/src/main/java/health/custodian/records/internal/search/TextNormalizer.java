package health.custodian.records.internal.search;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The normalized form of string search values: R4 search 3.1.1.4.9 "string" matches ignore case and
 * accents/diacritics, so both the indexed values and the search values go through here.
 */
final class TextNormalizer {

  /** Longer values are cut: a starts-with search on 200 characters is specific enough. */
  static final int MAX_LENGTH = 200;

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  private TextNormalizer() {}

  static String normalize(String value) {
    if (isPlainAscii(value)) {
      // Most values: no decomposition needed, lower-casing is enough (and much cheaper).
      String lower = value.toLowerCase(Locale.ROOT);
      return lower.length() > MAX_LENGTH ? lower.substring(0, MAX_LENGTH) : lower;
    }
    String decomposed = Normalizer.normalize(value, Normalizer.Form.NFD);
    String plain = MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
    return plain.length() > MAX_LENGTH ? plain.substring(0, MAX_LENGTH) : plain;
  }

  private static boolean isPlainAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
