package health.custodian.records.internal.search;

import java.util.ArrayList;
import java.util.List;

/** Splitting and unescaping of search values (R4 search, "Escaping Search Parameters"). */
final class SearchValues {

  private SearchValues() {}

  /** Splits on unescaped {@code separator}; escapes of {@code \ , $ |} are resolved. */
  static List<String> split(String value, char separator) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        char next = value.charAt(++i);
        if (next != separator) {
          // Other escapes are resolved by a later split (for '|') or kept as the plain char.
          current.append(next == '|' && separator == ',' ? "\\|" : String.valueOf(next));
        } else {
          current.append(next);
        }
      } else if (c == separator) {
        out.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    out.add(current.toString());
    return out;
  }

  /** Escapes {@code \ % _} for a SQL LIKE pattern with {@code escape '\'}. */
  static String likeEscape(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
