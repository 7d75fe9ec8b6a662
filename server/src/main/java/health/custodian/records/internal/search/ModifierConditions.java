package health.custodian.records.internal.search;

import health.custodian.records.FhirException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Token and reference modifiers beyond the basic ones in {@link SearchConditions} (R4 search
 * 3.1.1.5.x), and the special parameters {@code _list}, {@code _text} and {@code _content} (R4
 * search 3.1.1.4.12 and 3.2.1.5.x), which have no FHIRPath expression.
 */
final class ModifierConditions {

  /** The special parameters handled here, code to type, for the CapabilityStatement. */
  static final Map<String, String> SPECIAL =
      Map.of("_list", "special", "_text", "string", "_content", "string");

  private final SearchParameterRegistry registry;
  private final SearchParamIds ids;
  private final Terminology terminology;

  private final SearchIndexSettings settings;

  ModifierConditions(
      SearchParameterRegistry registry,
      SearchParamIds ids,
      Terminology terminology,
      SearchIndexSettings settings) {
    this.settings = settings;
    this.registry = registry;
    this.ids = ids;
    this.terminology = terminology;
  }

  /** The special parameters without an expression; null for every other code. */
  ParameterConditions.@Nullable ValueCondition special(
      String type, String code, @Nullable String modifier, TargetAccess access) {
    return switch (code) {
      case "_list" -> {
        noModifier(code, modifier);
        yield list(access);
      }
      case "_text", "_content" -> {
        if (!settings.fullTextIndex()) {
          yield null; // not indexed here: the parameter is unknown (R4 3.1.1.4 handling)
        }
        noModifier(code, modifier);
        String column = code.equals("_text") ? "narrative" : "content";
        yield values -> FullTextIndex.condition(column, values);
      }
      default -> null;
    };
  }

  /** A builder for the modifiers handled here; null to leave the parameter to SearchConditions. */
  ParameterConditions.@Nullable ValueCondition forParameter(
      SearchParam param, int paramId, @Nullable String modifier) {
    if (param.type() == SearchParam.Type.COMPOSITE) {
      if (!settings.compositeIndex()) {
        throw new FhirException(
            400,
            "unsupported-search-parameter",
            "not-supported",
            "Composite parameters are not indexed on this server (custodian.search.composite-index)");
      }
      List<SearchParameterRegistry.CompositeComponent> parts = registry.components(param);
      return values -> CompositeConditions.condition(param, paramId, modifier, parts, values);
    }
    if (modifier == null) {
      return null;
    }
    if (param.type() == SearchParam.Type.REFERENCE && modifier.equals("identifier")) {
      // Reference.identifier values are indexed as tokens under the reference parameter's id.
      return values -> tokenExists(paramId, values, SearchConditions::token, false);
    }
    if (param.type() != SearchParam.Type.TOKEN) {
      return null;
    }
    return switch (modifier) {
      case "text" -> values -> tokenExists(paramId, values, v -> text(v), false);
      case "of-type" -> values -> tokenExists(paramId, values, v -> ofType(param, v), false);
      case "in" -> values -> tokenExists(paramId, values, v -> inValueSet(v), false);
      case "not-in" -> values -> tokenExists(paramId, values, v -> inValueSet(v), true);
      case "above", "below" ->
          values ->
              tokenExists(
                  paramId, values, v -> hierarchy(param, v, modifier.equals("below")), false);
      default -> null;
    };
  }

  private interface PerValue {
    SqlCondition apply(String value);
  }

  private static SqlCondition tokenExists(
      int paramId, List<String> values, PerValue perValue, boolean negate) {
    List<SqlCondition> ors = new ArrayList<>();
    for (String v : values) {
      ors.add(perValue.apply(v));
    }
    SqlCondition any = SqlCondition.or(ors);
    List<Object> args = new ArrayList<>();
    args.add(paramId);
    args.addAll(any.args());
    String sql =
        "exists (select 1 from sp_token x where x.res_pk = r.pk and x.param_id = ? and "
            + any.sql()
            + ")";
    return new SqlCondition(negate ? "not " + sql : sql, args);
  }

  /** :text (R4 3.1.1.5.x): starts-with on the display / CodeableConcept.text, folded. */
  private static SqlCondition text(String value) {
    String norm = TextNormalizer.normalize(value.replace("\\|", "|"));
    return SqlCondition.of("x.text like ? escape '\\'", SearchValues.likeEscape(norm) + "%");
  }

  /** :of-type: {@code typeSystem|typeCode|value} of an Identifier. */
  private static SqlCondition ofType(SearchParam param, String value) {
    List<String> parts = SearchValues.split(value, '|');
    if (parts.size() != 3 || parts.get(1).isEmpty() || parts.get(2).isEmpty()) {
      throw SearchConditions.invalid(param, "':of-type' takes system|code|value");
    }
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("x.type_code = ? and x.code = ?");
    args.add(parts.get(1));
    args.add(parts.get(2));
    if (!parts.get(0).isEmpty()) {
      sql.append(" and x.type_system = ?");
      args.add(parts.get(0));
    }
    return new SqlCondition(sql.toString(), args);
  }

  /** :in / :not-in: the coding is (not) in a value set held by the server. */
  private SqlCondition inValueSet(String url) {
    return codes(terminology.expand(url));
  }

  /** :above / :below: subsumption in a CodeSystem resource held by the server. */
  private SqlCondition hierarchy(SearchParam param, String value, boolean below) {
    List<String> parts = SearchValues.split(value, '|');
    if (parts.size() != 2 || parts.get(0).isEmpty() || parts.get(1).isEmpty()) {
      throw SearchConditions.invalid(param, "':above' and ':below' take system|code");
    }
    return codes(terminology.subsumed(param, parts.get(0), parts.get(1), below));
  }

  private static SqlCondition codes(Terminology.Codes codes) {
    List<SqlCondition> ors = new ArrayList<>();
    if (!codes.codes().isEmpty()) {
      ors.add(
          SqlCondition.of(
              "(x.system, x.code) in (select s, c from unnest(?::text[], ?::text[]) t(s, c))",
              codes.systemsOfCodes().toArray(String[]::new),
              codes.codes().toArray(String[]::new)));
      // A code element (Patient.gender) has no system in the resource: its system is implied by
      // the element's binding, so the code alone decides.
      ors.add(
          SqlCondition.of(
              "x.system is null and x.code = any(?)",
              (Object) codes.codes().toArray(String[]::new)));
    }
    if (!codes.wholeSystems().isEmpty()) {
      ors.add(
          SqlCondition.of(
              "x.system = any(?)", (Object) codes.wholeSystems().toArray(String[]::new)));
    }
    return ors.isEmpty() ? SqlCondition.of("false") : SqlCondition.or(ors);
  }

  /** _list (R4 search 3.1.1.4.12 / 3.2.1.5.9): the resources a stored List's entries name. */
  private ParameterConditions.ValueCondition list(TargetAccess access) {
    SearchParam item = registry.find("List", "item");
    if (item == null || !item.indexed()) {
      throw new IllegalStateException("List.item is not indexed");
    }
    int itemId = ids.id(item);
    return values -> {
      List<String> listIds = new ArrayList<>();
      for (String v : values) {
        listIds.add(v.startsWith("List/") ? v.substring(5) : v);
      }
      // The List is called r inside, so that its access conditions (a hidden List lists
      // nothing) nest unchanged.
      SqlCondition inner =
          access.restrict(
              "List",
              SqlCondition.of(
                  "r.pk = x.res_pk and r.res_type = 'List' and r.res_id = any(?) and not r.deleted",
                  (Object) listIds.toArray(String[]::new)));
      List<Object> args = new ArrayList<>();
      args.add(itemId);
      args.addAll(inner.args());
      return new SqlCondition(
          "exists (select 1 from sp_reference x where x.param_id = ?"
              + " and x.target_type = r.res_type and x.target_id = r.res_id"
              + " and exists (select 1 from resource r where "
              + inner.sql()
              + "))",
          args);
    };
  }

  private static void noModifier(String code, @Nullable String modifier) {
    if (modifier != null) {
      throw health.custodian.records.FhirException.badRequest(
          "unsupported-search-modifier",
          "Modifier ':" + modifier + "' is not supported on search parameter " + code,
          code + ":" + modifier);
    }
  }
}
