package health.custodian.records.internal.search;

import health.custodian.records.FhirException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Resolves one query parameter name (with its modifier, chain or reverse chain) to a builder of SQL
 * conditions over {@code resource r}. Chains (R4 search 3.1.1.4.11.2 "Chained parameters") and
 * {@code _has} (3.1.1.4.11.3 "Reverse Chaining") become correlated EXISTS subqueries over {@code
 * sp_reference}; inside them the referenced (or referencing) resource is again called {@code r}, so
 * every parameter condition nests unchanged and the whole search stays one SQL statement.
 */
final class ParameterConditions {

  /** Limits the nesting of chains and _has; deeper queries are refused rather than run slowly. */
  private static final int MAX_DEPTH = 4;

  private final SearchParameterRegistry registry;
  private final SearchParamIds ids;
  private final ModifierConditions modifiers;

  ParameterConditions(
      SearchParameterRegistry registry, SearchParamIds ids, ModifierConditions modifiers) {
    this.registry = registry;
    this.ids = ids;
    this.modifiers = modifiers;
  }

  /** The conditions of one repetition of a parameter: its comma-separated values, ORed. */
  interface ValueCondition {
    SqlCondition apply(List<String> values);
  }

  /**
   * The condition builder for a parameter name on a resource type; null when the name (or a link of
   * its chain) is unknown or unsupported for that type.
   */
  @Nullable ValueCondition resolve(String resourceType, String name) {
    return resolve(resourceType, name, TargetAccess.NONE);
  }

  /**
   * {@link #resolve(String, String)} where every resource a chain, {@code _has} or {@code _list}
   * reaches must also pass {@code access} for its type (issue #5).
   */
  @Nullable ValueCondition resolve(String resourceType, String name, TargetAccess access) {
    return resolve(resourceType, name, 0, access);
  }

  /**
   * The condition builder for a parameter of resources of {@code type} contained in {@code r} (R4
   * search 3.1.1.5.9): the parameter's contained variant rows, written under the container. Chains,
   * {@code _has}, composite, {@code _text}/{@code _content}, {@code _lastUpdated} and {@code _list}
   * are not indexed for contained resources: null. {@code _id} is the contained id.
   */
  @Nullable ValueCondition resolveContained(String type, String name) {
    if (name.startsWith("_has:") || name.indexOf('.') > 0) {
      return null;
    }
    int colon = name.indexOf(':');
    String code = colon < 0 ? name : name.substring(0, colon);
    String modifier = colon < 0 || colon == name.length() - 1 ? null : name.substring(colon + 1);
    if (code.equals("_id")) {
      Integer marker = ids.containedMarker(type);
      if (marker == null || modifier != null) {
        return null;
      }
      return values ->
          new SqlCondition(
              "exists (select 1 from sp_token x where x.res_pk = r.pk and x.param_id = ?"
                  + " and x.code = any(?))",
              List.of(marker, values.toArray(String[]::new)));
    }
    SearchParam param = registry.find(type, code);
    if (param == null
        || !param.supported()
        || !param.indexed()
        || param.type() == SearchParam.Type.COMPOSITE) {
      return null;
    }
    int paramId = ids.containedId(param);
    ValueCondition extended = modifiers.forParameter(param, paramId, modifier);
    if (extended != null) {
      return extended;
    }
    return values -> SearchConditions.condition(param, paramId, modifier, values);
  }

  private @Nullable ValueCondition resolve(
      String type, String name, int depth, TargetAccess access) {
    if (depth > MAX_DEPTH) {
      throw FhirException.badRequest(
          "invalid-search-value",
          "Chains and _has are limited to " + MAX_DEPTH + " levels: " + name,
          name);
    }
    if (name.startsWith("_has:")) {
      return reverseChain(type, name, depth, access);
    }
    int dot = name.indexOf('.');
    if (dot > 0) {
      return chain(type, name.substring(0, dot), name.substring(dot + 1), depth, access);
    }
    int colon = name.indexOf(':');
    String code = colon < 0 ? name : name.substring(0, colon);
    String modifier = colon < 0 || colon == name.length() - 1 ? null : name.substring(colon + 1);
    ValueCondition special = modifiers.special(type, code, modifier, access);
    if (special != null) {
      return special;
    }
    SearchParam param = registry.find(type, code);
    if (param == null || !param.supported()) {
      return null;
    }
    int paramId = param.indexed() ? ids.id(param) : 0;
    ValueCondition extended = modifiers.forParameter(param, paramId, modifier);
    if (extended != null) {
      return extended;
    }
    return values -> SearchConditions.condition(param, paramId, modifier, values);
  }

  /**
   * {@code subject:Patient.name=x} or {@code subject.name=x}: some reference of the parameter
   * points to a resource matching the rest. Without a type the rest is tried on every target type
   * that knows it (R4 leaves ambiguous chains to the server; matching any target is the useful
   * reading).
   */
  private @Nullable ValueCondition chain(
      String type, String link, String rest, int depth, TargetAccess access) {
    int colon = link.indexOf(':');
    String code = colon < 0 ? link : link.substring(0, colon);
    String targetType = colon < 0 ? null : link.substring(colon + 1);
    SearchParam param = registry.find(type, code);
    if (param == null || !param.indexed() || param.type() != SearchParam.Type.REFERENCE) {
      return null;
    }
    List<String> targets;
    if (targetType != null) {
      if (!param.targets().isEmpty() && !param.targets().contains(targetType)) {
        throw SearchConditions.invalid(param, targetType + " is not a target type of " + code);
      }
      targets = List.of(targetType);
    } else {
      targets = param.targets();
    }
    Map<String, ValueCondition> byTarget = new LinkedHashMap<>();
    for (String target : targets) {
      ValueCondition inner = resolve(target, rest, depth + 1, access);
      if (inner != null) {
        byTarget.put(target, inner);
      }
    }
    if (byTarget.isEmpty()) {
      return null;
    }
    int paramId = ids.id(param);
    String[] types = byTarget.keySet().toArray(String[]::new);
    return values -> {
      List<SqlCondition> perType = new ArrayList<>();
      for (Map.Entry<String, ValueCondition> e : byTarget.entrySet()) {
        // The target's own access conditions (nested r is the target): a hidden target matches
        // nothing, so its fields cannot be probed through the chain.
        SqlCondition inner = access.restrict(e.getKey(), e.getValue().apply(values));
        List<Object> args = new ArrayList<>();
        args.add(e.getKey());
        args.addAll(inner.args());
        perType.add(new SqlCondition("r.res_type = ? and " + inner.sql(), args));
      }
      SqlCondition any = SqlCondition.or(perType);
      List<Object> args = new ArrayList<>();
      args.add(paramId);
      args.add(types);
      args.addAll(any.args());
      return new SqlCondition(
          "exists (select 1 from sp_reference ch where ch.res_pk = r.pk and ch.param_id = ?"
              + " and ch.target_type = any(?) and exists (select 1 from resource r"
              + " where r.res_type = ch.target_type and r.res_id = ch.target_id"
              + " and not r.deleted and ("
              + any.sql()
              + ")))",
          args);
    };
  }

  /**
   * {@code _has:Observation:patient:code=x}: some Observation whose {@code patient} references this
   * resource matches {@code code=x}; the rest may be a further {@code _has} or a chain.
   */
  private @Nullable ValueCondition reverseChain(
      String type, String name, int depth, TargetAccess access) {
    String[] parts = name.split(":", 4);
    if (parts.length != 4 || parts[1].isEmpty() || parts[2].isEmpty() || parts[3].isEmpty()) {
      throw FhirException.badRequest(
          "invalid-search-value",
          "_has takes the form _has:Type:reference:parameter (" + name + ")",
          name);
    }
    String sourceType = parts[1];
    SearchParam ref = registry.find(sourceType, parts[2]);
    if (ref == null || !ref.indexed() || ref.type() != SearchParam.Type.REFERENCE) {
      return null;
    }
    ValueCondition inner = resolve(sourceType, parts[3], depth + 1, access);
    if (inner == null) {
      return null;
    }
    int refId = ids.id(ref);
    return values -> {
      // Only referencing resources the caller may see count (nested r is the source).
      SqlCondition c = access.restrict(sourceType, inner.apply(values));
      List<Object> args = new ArrayList<>();
      args.add(refId);
      args.add(type);
      args.add(sourceType);
      args.addAll(c.args());
      return new SqlCondition(
          "exists (select 1 from sp_reference hr where hr.param_id = ? and hr.target_type = ?"
              + " and hr.target_id = r.res_id and exists (select 1 from resource r"
              + " where r.pk = hr.res_pk and r.res_type = ? and not r.deleted and ("
              + c.sql()
              + ")))",
          args);
    };
  }
}
