package health.custodian.records.internal.search;

import health.custodian.records.FhirException;
import health.custodian.records.internal.search.SearchService.SearchPage;
import health.custodian.records.internal.search.SearchService.SearchRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Searches with {@code _sort} (R4 3.1.1.5.3) or {@code _total} (R4 3.1.1.5.6), as one statement per
 * page.
 *
 * <p>Paging is a keyset over (sort values, pk), not an offset: the token holds the last row's sort
 * values and pk, and the next page starts strictly after them. Like the unsorted search, the token
 * also holds the highest pk when the search began and excludes anything newer. So resources that
 * existed when the search began are never repeated or skipped when others are created or deleted
 * meanwhile (an offset would skip one per delete). Only a resource whose own sort value changes
 * between pages may move across the page boundary, which the spec allows (3.1.1.5.3 gives no
 * snapshot guarantee). Missing values sort last in both directions; pk breaks ties.
 */
final class SortedSearch {

  /** {@code _total} (R4 3.1.1.5.6): estimate is answered with the accurate count. */
  enum Total {
    NONE,
    ACCURATE
  }

  /** The result controls taken out of the parameters, and the rest. */
  record Controls(List<String> sort, Total total, Map<String, List<String>> parameters) {

    /** Null when the parameters have neither {@code _sort} nor {@code _total}. */
    static @Nullable Controls of(Map<String, List<String>> parameters) {
      if (!parameters.containsKey("_sort") && !parameters.containsKey("_total")) {
        return null;
      }
      Map<String, List<String>> rest = new LinkedHashMap<>(parameters);
      List<String> sort = rest.remove("_sort");
      List<String> total = rest.remove("_total");
      Total t = Total.ACCURATE;
      if (total != null && !total.isEmpty()) {
        t =
            switch (total.get(total.size() - 1)) {
              case "none" -> Total.NONE;
              case "estimate", "accurate" -> Total.ACCURATE;
              default ->
                  throw FhirException.badRequest(
                      "invalid-parameter", "_total must be none, estimate or accurate", "_total");
            };
      }
      return new Controls(sort == null ? List.of() : List.copyOf(sort), t, rest);
    }
  }

  private final JdbcTemplate jdbc;
  private final SearchParameterRegistry registry;
  private final SearchParamIds ids;

  SortedSearch(JdbcTemplate jdbc, SearchParameterRegistry registry, SearchParamIds ids) {
    this.jdbc = jdbc;
    this.registry = registry;
    this.ids = ids;
  }

  /**
   * @param hash binds page tokens to the query and the caller's access conditions ({@link
   *     PageToken#queryHash(String, Map, List)})
   */
  SearchPage search(
      SearchRequest request,
      Controls controls,
      List<SqlCondition> where,
      List<String> ignored,
      String hash) {
    List<SortKey> keys = SortKey.parse(request.resourceType(), controls.sort(), registry, ids);
    String pageToken = request.pageToken();
    SortToken token = pageToken == null ? null : SortToken.decode(pageToken, hash, keys.size());
    boolean count = controls.total() == Total.ACCURATE;
    int limit = Math.max(0, request.count());

    StringBuilder sql = new StringBuilder("select q.pk, q.total, q.max_pk");
    for (int i = 0; i < keys.size(); i++) {
      sql.append(", q.s").append(i).append("::text");
    }
    List<Object> args = new ArrayList<>();
    sql.append(" from (select r.pk");
    if (token == null) {
      sql.append(count ? ", count(*) over () as total" : ", -1::bigint as total");
      sql.append(", (select coalesce(max(pk), 0) from resource) as max_pk");
    } else {
      sql.append(", ?::bigint as total, ?::bigint as max_pk");
      args.add(token.total());
      args.add(token.maxPk());
    }
    for (int i = 0; i < keys.size(); i++) {
      sql.append(", ").append(keys.get(i).valueSql()).append(" as s").append(i);
      args.addAll(keys.get(i).args());
    }
    sql.append(" from resource r where ");
    boolean first = true;
    for (SqlCondition c : where) {
      sql.append(first ? "" : " and ").append(c.sql());
      args.addAll(c.args());
      first = false;
    }
    if (token != null) {
      sql.append(" and r.pk <= ?");
      args.add(token.maxPk());
    }
    sql.append(") q");
    if (token != null) {
      sql.append(" where ");
      appendAfter(sql, args, keys, token, 0);
    }
    sql.append(" order by ");
    for (int i = 0; i < keys.size(); i++) {
      sql.append("q.s").append(i).append(keys.get(i).descending() ? " desc" : " asc");
      sql.append(" nulls last, ");
    }
    sql.append("q.pk limit ?");
    args.add(limit + 1);

    List<Row> rows =
        jdbc.query(
            JdbcSearchService.customPlan(sql.toString(), args),
            (rs, n) -> {
              List<@Nullable String> values = new ArrayList<>();
              for (int i = 0; i < keys.size(); i++) {
                values.add(rs.getString(4 + i));
              }
              return new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), values);
            });
    long total =
        !rows.isEmpty() ? rows.get(0).total() : token != null ? token.total() : count ? 0 : -1;
    List<Long> pks = new ArrayList<>();
    for (int i = 0; i < rows.size() && i < limit; i++) {
      pks.add(rows.get(i).pk());
    }
    String next = null;
    if (rows.size() > limit && limit > 0) {
      Row last = rows.get(limit - 1);
      next = new SortToken(last.values(), last.pk(), last.maxPk(), total, hash).encode();
    }
    return new SearchPage(List.copyOf(pks), total < 0 ? null : total, next, List.copyOf(ignored));
  }

  /** Rows strictly after the token's row in (key 0, ..., key n-1, pk) order, nulls last. */
  private static void appendAfter(
      StringBuilder sql, List<Object> args, List<SortKey> keys, SortToken token, int i) {
    if (i == keys.size()) {
      sql.append("q.pk > ?");
      args.add(token.lastPk());
      return;
    }
    SortKey key = keys.get(i);
    String col = "q.s" + i;
    String v = token.lastValues().get(i);
    String bound = "?::" + key.sqlType();
    sql.append('(');
    if (v == null) {
      // After a missing value come only other missing values, ordered by the next keys.
      sql.append(col).append(" is null and ");
      appendAfter(sql, args, keys, token, i + 1);
    } else {
      sql.append(col).append(key.descending() ? " < " : " > ").append(bound);
      sql.append(" or ").append(col).append(" is null or (").append(col).append(" = ");
      sql.append(bound).append(" and ");
      args.add(v);
      args.add(v);
      appendAfter(sql, args, keys, token, i + 1);
      sql.append(')');
    }
    sql.append(')');
  }

  private record Row(long pk, long total, long maxPk, List<@Nullable String> values) {}
}
