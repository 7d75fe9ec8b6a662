package health.custodian.records.internal.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code sp_fulltext} rows behind {@code _text} (narrative) and {@code _content} (all string
 * values), R4 search 3.2.1.5.x. Matching is PostgreSQL full-text search, {@code
 * plainto_tsquery('simple', ...)}: every word of the search value must occur.
 */
final class FullTextIndex {

  /** Enough for any narrative a person reads; keeps tsvectors well below PostgreSQL's 1 MB. */
  private static final int MAX_CHARS = 200_000;

  private static final Pattern TAGS = Pattern.compile("<[^>]*>");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  private final JdbcTemplate jdbc;

  FullTextIndex(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Replaces the rows of these resources; the caller has removed the old ones. */
  void index(List<SearchIndexer.IndexedResource> resources) {
    insert(rows(resources));
  }

  /** The rows of these resources, computed without the database (bulk loads do it apart). */
  List<Object[]> rows(List<SearchIndexer.IndexedResource> resources) {
    List<Object[]> rows = new ArrayList<>(resources.size());
    for (SearchIndexer.IndexedResource r : resources) {
      String narrative = fold(narrative(r.resource()));
      // Each distinct string once: displays repeat a lot (Synthea claims), words need no counts.
      Set<String> strings = new LinkedHashSet<>();
      strings(r.resource(), strings, new int[1]);
      rows.add(new Object[] {r.pk(), narrative, fold(String.join(" ", strings))});
    }
    return rows;
  }

  void insert(List<Object[]> rows) {
    if (!rows.isEmpty()) {
      jdbc.batchUpdate(
          // strip(): without positions, which plainto_tsquery (all words, any order) never uses.
          "insert into sp_fulltext (res_pk, narrative, content) values"
              + " (?, strip(to_tsvector('simple', ?)), strip(to_tsvector('simple', ?)))",
          rows);
    }
  }

  void remove(Collection<Long> pks) {
    jdbc.update("delete from sp_fulltext where res_pk = any(?)", (Object) pks.toArray(Long[]::new));
  }

  /** Any of the values (ORed), each a set of words that must all occur. */
  static SqlCondition condition(String column, List<String> values) {
    List<SqlCondition> ors = new ArrayList<>();
    for (String v : values) {
      // The column is one of two fixed names chosen by the caller, never user input.
      ors.add(SqlCondition.of("x." + column + " @@ plainto_tsquery('simple', ?)", fold(v)));
    }
    SqlCondition any = SqlCondition.or(ors);
    return new SqlCondition(
        "exists (select 1 from sp_fulltext x where x.res_pk = r.pk and " + any.sql() + ")",
        any.args());
  }

  private static String narrative(JsonNode resource) {
    JsonNode div = resource.path("text").path("div");
    if (!div.isTextual()) {
      return "";
    }
    String text = TAGS.matcher(div.asText()).replaceAll(" ");
    return text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
  }

  /** Every string value, the narrative included (without markup), ids and references excluded. */
  private static void strings(JsonNode node, Set<String> out, int[] chars) {
    if (chars[0] > MAX_CHARS) {
      return;
    }
    if (node.isArray()) {
      node.forEach(n -> strings(n, out, chars));
    } else if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        switch (f.getKey()) {
          case "div" -> add(TAGS.matcher(f.getValue().asText()).replaceAll(" "), out, chars);
          case "id", "reference", "resourceType", "meta", "url", "system" -> {
            // Identifiers of things, not content a person searches for.
          }
          default -> strings(f.getValue(), out, chars);
        }
      }
    } else if (node.isTextual()) {
      add(node.asText(), out, chars);
    }
  }

  private static void add(String s, Set<String> out, int[] chars) {
    if (out.add(s)) {
      chars[0] += s.length() + 1;
    }
  }

  /** Lower case without accents (R4 string search folds both; full-text search does alike). */
  static String fold(String s) {
    String cut = s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) : s;
    if (isAscii(cut)) {
      // No ASCII character has a decomposition or is a mark (UAX #15), so NFD and the mark removal
      // would return the text unchanged: skip both, as TextNormalizer does.
      return cut.toLowerCase(Locale.ROOT);
    }
    String decomposed = Normalizer.normalize(cut, Normalizer.Form.NFD);
    return MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
