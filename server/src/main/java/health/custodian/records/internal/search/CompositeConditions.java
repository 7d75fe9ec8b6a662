package health.custodian.records.internal.search;

import health.custodian.records.internal.search.SearchParameterRegistry.CompositeComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Composite search values (R4 search 3.1.1.4.14): {@code a$b}, each part searched like its
 * component's type, all parts matched by rows of the same element ({@code pos}) of {@code
 * sp_composite}, so {@code code=A, value=1} on one component and {@code code=B, value=2} on another
 * never match {@code A$2}.
 */
final class CompositeConditions {

  /** The alias the per-type conditions use for their index row. */
  private static final Pattern ROW_ALIAS = Pattern.compile("(?<![A-Za-z0-9_.])x\\.");

  private CompositeConditions() {}

  static SqlCondition condition(
      SearchParam param,
      int paramId,
      @Nullable String modifier,
      List<CompositeComponent> parts,
      List<String> values) {
    if ("missing".equals(modifier)) {
      boolean missing = values.size() == 1 && values.get(0).equals("true");
      if (!missing && !(values.size() == 1 && values.get(0).equals("false"))) {
        throw SearchConditions.invalid(param, "':missing' takes true or false");
      }
      String exists =
          "exists (select 1 from sp_composite x where x.res_pk = r.pk and x.param_id = ?)";
      return SqlCondition.of(missing ? "not " + exists : exists, paramId);
    }
    if (modifier != null) {
      throw SearchConditions.unsupportedModifier(param, modifier);
    }
    List<SqlCondition> ors = new ArrayList<>();
    for (String value : values) {
      List<String> split = SearchValues.split(value, '$');
      if (split.size() != parts.size()) {
        throw SearchConditions.invalid(
            param, "expected " + parts.size() + " values separated by '$'");
      }
      StringBuilder sql = new StringBuilder();
      List<Object> args = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        SqlCondition c = component(parts.get(i).definition(), split.get(i));
        sql.append(i == 0 ? "(" : " and (")
            .append(ROW_ALIAS.matcher(c.sql()).replaceAll(Matcher.quoteReplacement("c" + i + ".")))
            .append(')');
        args.addAll(c.args());
      }
      ors.add(new SqlCondition(sql.toString(), args));
    }
    SqlCondition any = SqlCondition.or(ors);
    StringBuilder sql = new StringBuilder("exists (select 1 from sp_composite c0");
    for (int i = 1; i < parts.size(); i++) {
      String c = "c" + i;
      sql.append(" join sp_composite ")
          .append(c)
          .append(" on ")
          .append(c)
          .append(".res_pk = c0.res_pk and ")
          .append(c)
          .append(".param_id = c0.param_id and ")
          .append(c)
          .append(".pos = c0.pos and ")
          .append(c)
          .append(".comp = ")
          .append(i);
    }
    sql.append(" where c0.res_pk = r.pk and c0.param_id = ? and c0.comp = 0 and ")
        .append(any.sql())
        .append(')');
    List<Object> args = new ArrayList<>();
    args.add(paramId);
    args.addAll(any.args());
    return new SqlCondition(sql.toString(), args);
  }

  private static SqlCondition component(SearchParam p, String value) {
    return switch (p.type()) {
      case TOKEN -> SearchConditions.token(value);
      case STRING -> SearchConditions.string(p, null, value);
      case REFERENCE -> SearchConditions.reference(p, null, value);
      case URI -> SearchConditions.uri(p, null, value);
      case DATE -> SearchConditions.rangeDate(p, value);
      case NUMBER, QUANTITY -> QuantityConditions.condition(p, value);
      default -> throw new IllegalStateException("not a component type: " + p.type());
    };
  }
}
