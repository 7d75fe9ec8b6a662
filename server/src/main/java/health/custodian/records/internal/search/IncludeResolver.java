package health.custodian.records.internal.search;

import health.custodian.records.FhirException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Resolves {@code _include} and {@code _revinclude} (R4 search 3.1.1.5.4) over the {@code
 * sp_reference} index: one SQL statement per level, whatever the number of resources. Level 0
 * starts from the matches with every spec; each further level starts from the resources the
 * previous level added, with the {@code :iterate} specs only, until nothing new is found or the
 * caps are reached. Cycles end because resources already in the result are never visited again.
 */
@Component
public class IncludeResolver {

  /** Levels followed with {@code :iterate}, the first one included. */
  public static final int MAX_LEVELS = 5;

  /** Included resources in one response, at most. */
  public static final int MAX_INCLUDED = 1000;

  private final JdbcTemplate jdbc;
  private final SearchParameterRegistry registry;
  private final SearchParamIds ids;

  IncludeResolver(JdbcTemplate jdbc, SearchParameterRegistry registry, SearchParamIds ids) {
    this.jdbc = jdbc;
    this.registry = registry;
    this.ids = ids;
  }

  /**
   * @param included the included keys, level by level, none of them a match
   * @param truncated true when a cap cut the result short
   * @param ignored include values not understood (lenient handling)
   */
  public record Result(List<Long> included, boolean truncated, List<String> ignored) {}

  /** The {@code _include} values for a type, for the CapabilityStatement (searchInclude). */
  public List<String> includeValues(String type) {
    List<String> out = new ArrayList<>();
    registry.supported(type).values().stream()
        .filter(p -> p.type() == SearchParam.Type.REFERENCE && p.indexed())
        .forEach(p -> out.add(type + ":" + p.code()));
    out.sort(null);
    if (!out.isEmpty()) {
      out.add(0, "*");
    }
    return out;
  }

  /** The {@code _revinclude} values that can reach a type (searchRevInclude). */
  public List<String> revIncludeValues(String type) {
    List<String> out = new ArrayList<>();
    for (SearchParam p : registry.all()) {
      if (p.type() == SearchParam.Type.REFERENCE
          && p.indexed()
          && !p.base().equals(SearchParameterRegistry.COMMON)
          && p.targets().contains(type)) {
        out.add(p.base() + ":" + p.code());
      }
    }
    out.sort(null);
    return out;
  }

  /** True when the parameters ask for includes. */
  public static boolean requested(Map<String, List<String>> parameters) {
    return parameters.keySet().stream()
        .anyMatch(k -> k.startsWith("_include") || k.startsWith("_revinclude"));
  }

  /**
   * The resources to include for these matches.
   *
   * @param parameters the request parameters; only {@code _include[:iterate]} and {@code
   *     _revinclude[:iterate]} are read
   * @param strict whether a value that is not understood is an error (else it is ignored)
   */
  public Result resolve(List<Long> matches, Map<String, List<String>> parameters, boolean strict) {
    return resolve(matches, parameters, strict, UnaryOperator.identity());
  }

  /**
   * {@link #resolve(List, Map, boolean)} keeping of each level only what {@code visible} keeps: the
   * gateway's access filter, applied before a level becomes the next level's frontier so that
   * {@code :iterate} never walks through a resource the caller may not see.
   */
  Result resolve(
      List<Long> matches,
      Map<String, List<String>> parameters,
      boolean strict,
      UnaryOperator<List<Long>> visible) {
    List<String> ignored = new ArrayList<>();
    List<Bound> all = new ArrayList<>();
    parameters.forEach(
        (name, values) -> {
          Boolean reverse =
              name.startsWith("_include")
                  ? Boolean.FALSE
                  : name.startsWith("_revinclude") ? Boolean.TRUE : null;
          if (reverse == null) {
            return;
          }
          String modifier = name.substring(reverse ? 11 : 8);
          boolean iterate = modifier.equals(":iterate") || modifier.equals(":recurse");
          if (!iterate && !modifier.isEmpty()) {
            reject(name, "unknown modifier", strict, ignored);
            return;
          }
          for (String value : values) {
            IncludeSpec spec = IncludeSpec.parse(reverse, iterate, value);
            Bound b = spec == null ? null : bind(spec);
            if (b == null) {
              reject(name + "=" + value, "not a reference parameter", strict, ignored);
            } else {
              all.add(b);
            }
          }
        });
    Set<Long> seen = new LinkedHashSet<>(matches);
    List<Long> included = new ArrayList<>();
    List<Long> frontier = matches;
    boolean truncated = false;
    for (int level = 0; level < MAX_LEVELS && !frontier.isEmpty() && !all.isEmpty(); level++) {
      int depth = level;
      List<Bound> specs = all.stream().filter(b -> depth == 0 || b.spec().iterate()).toList();
      if (specs.isEmpty()) {
        break;
      }
      List<Long> found =
          visible.apply(level(frontier, specs, MAX_INCLUDED - included.size() + seen.size()));
      List<Long> fresh = new ArrayList<>();
      for (Long pk : found) {
        if (seen.add(pk)) {
          if (included.size() == MAX_INCLUDED) {
            truncated = true;
            break;
          }
          fresh.add(pk);
          included.add(pk);
        }
      }
      frontier = fresh;
      if (level == MAX_LEVELS - 1
          && !fresh.isEmpty()
          && specs.stream().anyMatch(b -> b.spec().iterate())) {
        truncated = true;
      }
    }
    return new Result(List.copyOf(included), truncated, List.copyOf(ignored));
  }

  /** A spec with its parameter ids: empty for {@code *} (every reference parameter). */
  private record Bound(IncludeSpec spec, int[] paramIds) {}

  private @Nullable Bound bind(IncludeSpec spec) {
    if (spec.sourceType() == null) {
      return new Bound(spec, new int[0]);
    }
    List<SearchParam> params = new ArrayList<>();
    if (spec.code() == null) {
      registry.supported(spec.sourceType()).values().stream()
          .filter(p -> p.type() == SearchParam.Type.REFERENCE && p.indexed())
          .forEach(params::add);
    } else {
      SearchParam p = registry.find(spec.sourceType(), spec.code());
      if (p == null || p.type() != SearchParam.Type.REFERENCE || !p.indexed()) {
        return null;
      }
      if (spec.targetType() != null
          && !p.targets().isEmpty()
          && !p.targets().contains(spec.targetType())) {
        return null;
      }
      params.add(p);
    }
    if (params.isEmpty()) {
      return null;
    }
    return new Bound(spec, params.stream().mapToInt(ids::id).toArray());
  }

  /**
   * One level as one statement: targets of forward specs, sources of reverse specs. The spec's
   * parameter ids already tie it to its source type, since ids are per (type, code).
   */
  private List<Long> level(List<Long> from, List<Bound> specs, int limit) {
    List<Object> args = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    SqlCondition forward = specCondition(specs, false);
    if (forward != null) {
      parts.add(
          "select t.pk from sp_reference x join resource t on t.res_type = x.target_type"
              + " and t.res_id = x.target_id where x.res_pk = any(?) and not t.deleted and "
              + forward.sql());
      args.add(from.toArray(Long[]::new));
      args.addAll(forward.args());
    }
    SqlCondition reverse = specCondition(specs, true);
    if (reverse != null) {
      parts.add(
          "select s.pk from resource t join sp_reference x on x.target_id = t.res_id"
              + " and x.target_type = t.res_type join resource s on s.pk = x.res_pk"
              + " where t.pk = any(?) and not s.deleted and "
              + reverse.sql());
      args.add(from.toArray(Long[]::new));
      args.addAll(reverse.args());
    }
    String sql = "select pk from (" + String.join(" union ", parts) + ") u order by pk limit ?";
    args.add(limit);
    return jdbc.query(JdbcSearchService.customPlan(sql, args), (rs, i) -> rs.getLong(1));
  }

  /** The OR of the specs of one direction over {@code sp_reference x} / target {@code t}. */
  private static @Nullable SqlCondition specCondition(List<Bound> specs, boolean reverse) {
    List<SqlCondition> ors = new ArrayList<>();
    for (Bound b : specs) {
      if (b.spec().reverse() != reverse) {
        continue;
      }
      List<Object> args = new ArrayList<>();
      StringBuilder sql = new StringBuilder();
      if (b.paramIds().length == 0) {
        sql.append("true");
      } else {
        sql.append("x.param_id = any(?)");
        args.add(b.paramIds());
      }
      if (b.spec().targetType() != null) {
        sql.append(" and x.target_type = ?");
        args.add(b.spec().targetType());
      }
      ors.add(new SqlCondition(sql.toString(), args));
    }
    return ors.isEmpty() ? null : SqlCondition.or(ors);
  }

  private static void reject(String what, String why, boolean strict, List<String> ignored) {
    if (strict) {
      throw FhirException.badRequest(
          "invalid-include", "Cannot include " + what + ": " + why, what);
    }
    ignored.add(what);
  }
}
