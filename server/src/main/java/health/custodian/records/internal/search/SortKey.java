package health.custodian.records.internal.search;

import health.custodian.records.FhirException;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code _sort} key (R4 search 3.1.1.5.3 "Sorting"): a scalar SQL expression over {@code
 * resource r} giving the resource's sort value, or null when it has none.
 *
 * @param code the parameter code as written, without {@code -}
 * @param descending true for a {@code -} prefix
 * @param valueSql the value expression; a resource with several values sorts by its lowest value
 *     ascending and by its highest descending, so each resource has exactly one place
 * @param args its bind arguments
 * @param sqlType the PostgreSQL type of the value, to bind page-token values back
 */
record SortKey(
    String code, boolean descending, String valueSql, List<Object> args, String sqlType) {

  SortKey {
    args = List.copyOf(args);
  }

  /** The comma-separated keys of all {@code _sort} repetitions, in order. */
  static List<SortKey> parse(
      String resourceType,
      List<String> sortValues,
      SearchParameterRegistry registry,
      SearchParamIds ids) {
    List<SortKey> out = new ArrayList<>();
    for (String repetition : sortValues) {
      for (String raw : SearchValues.split(repetition, ',')) {
        String item = raw.trim();
        if (item.isEmpty()) {
          continue;
        }
        boolean desc = item.startsWith("-");
        String code = desc ? item.substring(1) : item;
        out.add(of(resourceType, code, desc, registry, ids));
      }
    }
    return List.copyOf(out);
  }

  private static SortKey of(
      String type,
      String code,
      boolean desc,
      SearchParameterRegistry registry,
      SearchParamIds ids) {
    SearchParam p = registry.find(type, code);
    if (p == null || !p.supported()) {
      throw FhirException.badRequest(
          "unknown-sort-parameter", "Cannot sort " + type + " by '" + code + "'", "_sort");
    }
    if (p.source() == SearchParam.Source.RESOURCE_ID) {
      return new SortKey(code, desc, "r.res_id", List.of(), "text");
    }
    if (p.source() == SearchParam.Source.RESOURCE_LAST_UPDATED) {
      return new SortKey(code, desc, "r.last_updated", List.of(), "timestamptz");
    }
    String agg = desc ? "max" : "min";
    String[] columnAndType =
        switch (p.type()) {
          case STRING -> new String[] {"sp_string", "x.value_norm", "text"};
          case TOKEN -> new String[] {"sp_token", "x.code", "text"};
          // A date covers [low, high): ascending by where it starts, descending by where it ends.
          case DATE -> new String[] {"sp_date", desc ? "x.high" : "x.low", "timestamptz"};
          case NUMBER, QUANTITY -> new String[] {"sp_quantity", "x.value", "numeric"};
          case URI -> new String[] {"sp_uri", "x.uri", "text"};
          default ->
              throw FhirException.badRequest(
                  "unsupported-sort-parameter",
                  "Sorting by "
                      + p.type().name().toLowerCase(java.util.Locale.ROOT)
                      + " parameter '"
                      + code
                      + "' is not supported",
                  "_sort");
        };
    String sql =
        "(select "
            + agg
            + "("
            + columnAndType[1]
            + ") from "
            + columnAndType[0]
            + " x where x.res_pk = r.pk and x.param_id = ?)";
    return new SortKey(code, desc, sql, List.of(ids.id(p)), columnAndType[2]);
  }
}
