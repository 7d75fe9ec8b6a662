package health.custodian.records.internal.search;

import health.custodian.records.FhirException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Turns one query parameter (all its comma-separated values, which are ORed) into a {@link
 * SqlCondition}. Values are always bound, never written into the SQL text.
 */
final class SearchConditions {

  /** The base of parameters every resource type shares ({@code _tag}, {@code _profile}...). */
  private static final String SHARED_BASE = "Resource";

  private SearchConditions() {}

  /**
   * @param param the parameter, supported
   * @param modifier the text after ':' in the name, or null
   * @param values the comma-split values, none empty
   */
  static SqlCondition condition(
      SearchParam param, int paramId, @Nullable String modifier, List<String> values) {
    if (param.source() == SearchParam.Source.RESOURCE_ID) {
      noModifier(param, modifier);
      return SqlCondition.of("r.res_id = any(?)", (Object) values.toArray(String[]::new));
    }
    if (param.source() == SearchParam.Source.RESOURCE_LAST_UPDATED) {
      noModifier(param, modifier);
      List<SqlCondition> ors = new ArrayList<>();
      for (String v : values) {
        ors.add(pointDate(param, v));
      }
      return SqlCondition.or(ors);
    }
    String table = table(param.type());
    if ("missing".equals(modifier)) {
      // :missing (R4 search 3.1.1.5.1): whether the resource has any value for the parameter.
      String exists =
          "exists (select 1 from " + table + " x where x.res_pk = r.pk and x.param_id = ?)";
      boolean missing = values.size() == 1 && values.get(0).equals("true");
      if (!missing && !(values.size() == 1 && values.get(0).equals("false"))) {
        throw invalid(param, "':missing' takes true or false");
      }
      return SqlCondition.of(missing ? "not " + exists : exists, paramId);
    }
    boolean negate = false;
    List<SqlCondition> ors = new ArrayList<>();
    for (String v : values) {
      switch (param.type()) {
        case TOKEN -> {
          if ("not".equals(modifier)) {
            negate = true;
          } else {
            noModifier(param, modifier);
          }
          ors.add(token(v));
        }
        // A string value has no '|' structure: its escape is just the character.
        case STRING -> ors.add(string(param, modifier, v.replace("\\|", "|")));
        case REFERENCE -> ors.add(reference(param, modifier, v));
        case URI -> ors.add(uri(param, modifier, v));
        case NUMBER, QUANTITY -> {
          noModifier(param, modifier);
          ors.add(QuantityConditions.condition(param, v));
        }
        case DATE -> {
          noModifier(param, modifier);
          ors.add(rangeDate(param, v));
        }
        default -> throw new IllegalStateException("not searchable: " + param.type());
      }
    }
    SqlCondition any = SqlCondition.or(ors);
    List<Object> args = new ArrayList<>();
    args.add(paramId);
    args.addAll(any.args());
    String sql =
        "exists (select 1 from "
            + table
            + " x where x.res_pk = r.pk and x.param_id = ? and "
            + any.sql()
            + ")";
    // :not (R4 3.1.1.4.10): resources without a matching value, including those without any.
    if (negate) {
      return new SqlCondition("not " + sql, args);
    }
    SqlCondition.IndexKey key = null;
    if (param.type() == SearchParam.Type.TOKEN || param.type() == SearchParam.Type.REFERENCE) {
      key =
          new SqlCondition.IndexKey(
              table, "x.param_id = ? and " + any.sql(), args, !SHARED_BASE.equals(param.base()));
    }
    return new SqlCondition(sql, args, key);
  }

  private static String table(SearchParam.Type type) {
    return switch (type) {
      case TOKEN -> "sp_token";
      case STRING -> "sp_string";
      case REFERENCE -> "sp_reference";
      case DATE -> "sp_date";
      case URI -> "sp_uri";
      case NUMBER, QUANTITY -> "sp_quantity";
      default -> throw new IllegalStateException("not searchable: " + type);
    };
  }

  /** R4 search 3.1.1.4.10: {@code code}, {@code system|code}, {@code |code}, {@code system|}. */
  static SqlCondition token(String value) {
    List<String> parts = SearchValues.split(value, '|');
    if (parts.size() == 1) {
      return SqlCondition.of("x.code = ?", parts.get(0));
    }
    if (parts.size() != 2) {
      return SqlCondition.of("x.code = ?", value);
    }
    String system = parts.get(0);
    String code = parts.get(1);
    if (system.isEmpty()) {
      return SqlCondition.of("x.system is null and x.code = ?", code);
    }
    if (code.isEmpty()) {
      return SqlCondition.of("x.system = ?", system);
    }
    return SqlCondition.of("x.system = ? and x.code = ?", system, code);
  }

  /**
   * R4 search 3.1.1.4.9: starts-with ignoring case and accents; {@code :exact}, {@code :contains}.
   */
  static SqlCondition string(SearchParam param, @Nullable String modifier, String value) {
    String norm = TextNormalizer.normalize(value);
    if (modifier == null) {
      return SqlCondition.of(
          "x.value_norm like ? escape '\\'", SearchValues.likeEscape(norm) + "%");
    }
    return switch (modifier) {
      case "exact" -> SqlCondition.of("x.value_norm = ? and x.value_exact = ?", norm, value);
      case "contains" ->
          SqlCondition.of(
              "x.value_norm like ? escape '\\'", "%" + SearchValues.likeEscape(norm) + "%");
      default -> throw unsupportedModifier(param, modifier);
    };
  }

  /** R4 search 3.1.1.4.11: {@code id}, {@code Type/id}, absolute url, {@code param:Type=id}. */
  static SqlCondition reference(SearchParam param, @Nullable String modifier, String value) {
    if (modifier != null) {
      if (!Character.isUpperCase(modifier.charAt(0)) || modifier.contains(".")) {
        throw unsupportedModifier(param, modifier);
      }
      if (!param.targets().isEmpty() && !param.targets().contains(modifier)) {
        throw invalid(param, modifier + " is not a target type of " + param.code());
      }
      if (value.contains("/")) {
        throw invalid(param, "with ':" + modifier + "' the value is an id");
      }
      return SqlCondition.of("x.target_type = ? and x.target_id = ?", modifier, value);
    }
    if (!value.contains("/")) {
      return SqlCondition.of("x.target_id = ?", value);
    }
    ReferenceValue ref = ReferenceValue.parse(value);
    if (ref == null) {
      throw invalid(param, "not a reference: " + value);
    }
    if (ref.targetType() == null) {
      return SqlCondition.of("x.target_type is null and x.target_id = ?", ref.targetId());
    }
    return SqlCondition.of(
        "x.target_type = ? and x.target_id = ?", ref.targetType(), ref.targetId());
  }

  /**
   * R4 search 3.1.1.4.13: exact by default; {@code :below} the value is a prefix of the stored uri,
   * {@code :above} the stored uri is a prefix of the value.
   */
  static SqlCondition uri(SearchParam param, @Nullable String modifier, String value) {
    if (modifier == null) {
      return SqlCondition.of("x.uri = ?", value);
    }
    return switch (modifier) {
      case "below" ->
          SqlCondition.of("x.uri like ? escape '\\'", SearchValues.likeEscape(value) + "%");
      case "above" -> SqlCondition.of("starts_with(?, x.uri)", value);
      default -> throw unsupportedModifier(param, modifier);
    };
  }

  /**
   * R4 search 3.1.1.4.1 prefixes on ranges: the resource value [low, high) against the search
   * value's precision range [sLow, sHigh).
   */
  static SqlCondition rangeDate(SearchParam param, String value) {
    String prefix = prefix(value);
    DateRange s = searchRange(param, value.substring(prefix.length()));
    Object lo = time(s.low());
    Object hi = time(s.high());
    return switch (prefix) {
      case "", "eq" -> SqlCondition.of("x.low >= ? and x.high <= ?", lo, hi);
      case "ne" -> SqlCondition.of("not (x.low >= ? and x.high <= ?)", lo, hi);
      case "gt" -> SqlCondition.of("x.high > ?", hi);
      case "lt" -> SqlCondition.of("x.low < ?", lo);
      case "ge" -> SqlCondition.of("(x.high > ? or (x.low >= ? and x.high <= ?))", hi, lo, hi);
      case "le" -> SqlCondition.of("(x.low < ? or (x.low >= ? and x.high <= ?))", lo, lo, hi);
      case "sa" -> SqlCondition.of("x.low >= ?", hi);
      case "eb" -> SqlCondition.of("x.high <= ?", lo);
      case "ap" -> approximately(s);
      default -> throw invalid(param, "prefix '" + prefix + "' is not supported");
    };
  }

  /**
   * {@code ap} on dates (R4 search 3.1.1.4.2: "the range of the search value overlaps with the
   * range of the target value", with the recommended 10% of the gap between now and the date as the
   * approximation): the search range widened by that margin on both sides, matched by overlap.
   */
  private static SqlCondition approximately(DateRange s) {
    Instant low = bounded(s.low());
    Instant high = bounded(s.high());
    Instant now = Instant.now();
    long gap = Math.abs(now.getEpochSecond() - low.getEpochSecond());
    long margin = gap / 10;
    return SqlCondition.of(
        "x.low < ? and x.high > ?", time(high.plusSeconds(margin)), time(low.minusSeconds(margin)));
  }

  private static Instant bounded(@Nullable Instant instant) {
    if (instant == null) {
      throw new IllegalStateException("search ranges are bounded");
    }
    return instant;
  }

  /** {@code _lastUpdated}: the stored instant is a point, compared like a range of zero width. */
  private static SqlCondition pointDate(SearchParam param, String value) {
    String prefix = prefix(value);
    DateRange s = searchRange(param, value.substring(prefix.length()));
    Object lo = time(s.low());
    Object hi = time(s.high());
    return switch (prefix) {
      case "", "eq" -> SqlCondition.of("(r.last_updated >= ? and r.last_updated < ?)", lo, hi);
      case "ne" -> SqlCondition.of("not (r.last_updated >= ? and r.last_updated < ?)", lo, hi);
      case "gt", "sa" -> SqlCondition.of("r.last_updated >= ?", hi);
      case "lt", "eb" -> SqlCondition.of("r.last_updated < ?", lo);
      case "ge" -> SqlCondition.of("r.last_updated >= ?", lo);
      case "le" -> SqlCondition.of("r.last_updated < ?", hi);
      default -> throw invalid(param, "prefix '" + prefix + "' is not supported");
    };
  }

  static String prefix(String value) {
    if (value.length() > 2
        && Character.isLetter(value.charAt(0))
        && Character.isLetter(value.charAt(1))) {
      return value.substring(0, 2).toLowerCase(Locale.ROOT);
    }
    return "";
  }

  private static DateRange searchRange(SearchParam param, String value) {
    DateRange range = DateRange.parse(value);
    if (range == null) {
      throw invalid(param, "not a date: " + value);
    }
    return range;
  }

  private static Object time(@Nullable Instant instant) {
    if (instant == null) {
      throw new IllegalStateException("search ranges are bounded");
    }
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static void noModifier(SearchParam param, @Nullable String modifier) {
    if (modifier != null) {
      throw unsupportedModifier(param, modifier);
    }
  }

  static FhirException unsupportedModifier(SearchParam param, String modifier) {
    return FhirException.badRequest(
        "unsupported-search-modifier",
        "Modifier ':" + modifier + "' is not supported on search parameter " + param.code(),
        param.code() + ":" + modifier);
  }

  static FhirException invalid(SearchParam param, String message) {
    return FhirException.badRequest(
        "invalid-search-value", "Search parameter " + param.code() + ": " + message, param.code());
  }
}
