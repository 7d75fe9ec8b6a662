package health.custodian.records.internal.search;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Number (R4 search 3.1.1.4.4) and quantity (3.1.1.4.8) values: {@code [prefix]number} and, for
 * quantities, {@code [prefix]number|system|code} or {@code [prefix]number||code} (code or unit).
 * UCUM units of one dimension compare canonically ({@link Ucum}), other units as written.
 */
final class QuantityConditions {

  /**
   * PostgreSQL's {@code numeric} limits (PostgreSQL docs 8.1.2): digits after, before the point.
   */
  private static final int MAX_SCALE = 16383;

  private static final int MAX_INTEGER_DIGITS = 131072;

  private QuantityConditions() {}

  static SqlCondition condition(SearchParam param, String value) {
    List<String> parts = SearchValues.split(value, '|');
    String number = parts.get(0);
    String prefix = SearchConditions.prefix(number);
    BigDecimal v;
    try {
      v = new BigDecimal(number.substring(prefix.length()));
    } catch (NumberFormatException e) {
      throw SearchConditions.invalid(param, "not a number: " + number);
    }
    if (!storable(v)) {
      throw SearchConditions.invalid(param, "out of the range of stored numbers: " + number);
    }
    // The implicit range of the search value's precision: 100 is [99.5, 100.5) (3.1.1.4.4).
    BigDecimal half = BigDecimal.ONE.movePointLeft(v.scale()).divide(BigDecimal.valueOf(2));
    BigDecimal low = v.subtract(half);
    BigDecimal high = v.add(half);
    SqlCondition compare = compare(param, prefix, "x.value", v, low, high);
    if (parts.size() == 1 || param.type() == SearchParam.Type.NUMBER) {
      return compare;
    }
    if (parts.size() != 3) {
      throw SearchConditions.invalid(param, "expected number|system|code");
    }
    String system = parts.get(1);
    String code = parts.get(2);
    BigDecimal factor = Ucum.factor(code);
    String base = Ucum.base(code);
    SqlCondition canonical = null;
    if (factor != null && base != null && (system.isEmpty() || system.equals(Ucum.SYSTEM))) {
      // UCUM units of one dimension compare in its base unit: 1000 g matches 1 kg.
      SqlCondition c =
          compare(
              param,
              prefix,
              "x.canon_value",
              v.multiply(factor),
              low.multiply(factor),
              high.multiply(factor));
      List<Object> cargs = new ArrayList<>();
      cargs.add(base);
      cargs.addAll(c.args());
      canonical = new SqlCondition("x.canon_unit = ? and " + c.sql(), cargs);
      if (system.equals(Ucum.SYSTEM)) {
        return canonical;
      }
    }
    List<Object> args = new ArrayList<>(compare.args());
    StringBuilder sql = new StringBuilder(compare.sql());
    if (!system.isEmpty()) {
      sql.append(" and x.system = ?");
      args.add(system);
    }
    if (!code.isEmpty()) {
      // Without a system the code may also be the unit as displayed (3.1.1.4.8).
      sql.append(system.isEmpty() ? " and (x.code = ? or x.unit = ?)" : " and x.code = ?");
      args.add(code);
      if (system.isEmpty()) {
        args.add(code);
      }
    }
    SqlCondition asWritten = new SqlCondition(sql.toString(), args);
    return canonical == null ? asWritten : SqlCondition.or(List.of(canonical, asWritten));
  }

  /**
   * Whether PostgreSQL's {@code numeric} can hold the value: at most 131072 digits before the
   * decimal point and 16383 after it (PostgreSQL docs 8.1.2). Checked before any arithmetic: the
   * implicit range below aligns scales, and a value such as {@code 1e99999999} would have it build
   * a number of a hundred million digits (minutes of CPU for one request). No stored value lies
   * beyond this range, so such a search could match nothing anyway.
   */
  static boolean storable(BigDecimal v) {
    return v.scale() <= MAX_SCALE && (long) v.precision() - v.scale() <= MAX_INTEGER_DIGITS;
  }

  private static SqlCondition compare(
      SearchParam param,
      String prefix,
      String column,
      BigDecimal v,
      BigDecimal low,
      BigDecimal high) {
    String x = column;
    return switch (prefix) {
      case "", "eq" -> SqlCondition.of(x + " >= ? and " + x + " < ?", low, high);
      case "ne" -> SqlCondition.of("not (" + x + " >= ? and " + x + " < ?)", low, high);
      case "gt", "sa" -> SqlCondition.of(x + " > ?", v);
      case "lt", "eb" -> SqlCondition.of(x + " < ?", v);
      case "ge" -> SqlCondition.of(x + " >= ?", v);
      case "le" -> SqlCondition.of(x + " <= ?", v);
      // Approximately: within 10% of the value (the spec leaves the margin to the server).
      case "ap" -> {
        BigDecimal margin = v.abs().movePointLeft(1);
        yield SqlCondition.of(x + " between ? and ?", v.subtract(margin), v.add(margin));
      }
      default -> throw SearchConditions.invalid(param, "prefix '" + prefix + "'");
    };
  }
}
