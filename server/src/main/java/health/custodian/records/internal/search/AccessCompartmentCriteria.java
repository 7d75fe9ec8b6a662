package health.custodian.records.internal.search;

import health.custodian.records.FhirException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Whether a search's own criteria already keep every match inside the caller's patient compartments
 * (issue #5), so that the compartment condition of {@link AccessConditions} would only repeat them.
 *
 * <p>Implied exactly when the search has a condition that the search itself builds as "some {@code
 * sp_reference} row of one of this type's membership parameters points to {@code Patient/x}", with
 * {@code x} one of the caller's patients: e.g. {@code Observation?subject=Patient/p7} or {@code
 * Patient/p7/Observation} for patient p7. That row is exactly what the compartment condition looks
 * for, so dropping it changes no answer, total or page, and saves a probe per candidate row plus
 * its planning (docs/benchmarks.md, 2026-11-27). The check inspects the very condition the search
 * runs ({@link SqlCondition#key()}); any other shape (several values, chains, modifiers other than
 * {@code :Patient}, absolute references) keeps the compartment condition.
 */
@Component
class AccessCompartmentCriteria {

  /** The predicate of one relative reference value, as {@link SearchConditions} writes it. */
  private static final String ONE_REFERENCE =
      "x.param_id = ? and x.target_type = ? and x.target_id = ?";

  /** The predicate of a compartment search's membership ({@link Compartments#membership}). */
  private static final String MEMBERSHIP =
      "x.param_id = any(?) and x.target_type = ? and x.target_id = ?";

  private final JdbcSearchService search;
  private final SearchParameterRegistry registry;
  private final SearchParamIds ids;
  private final PatientCompartment compartment;
  private final Compartments compartments;

  AccessCompartmentCriteria(
      JdbcSearchService search,
      SearchParameterRegistry registry,
      SearchParamIds ids,
      PatientCompartment compartment,
      Compartments compartments) {
    this.search = search;
    this.compartments = compartments;
    this.registry = registry;
    this.ids = ids;
    this.compartment = compartment;
  }

  /**
   * Whether the type search with these (non-contained) parameters only matches resources in the
   * compartment of one of {@code patients}.
   */
  boolean implied(String type, Map<String, List<String>> parameters, Set<String> patients) {
    Integer[] own = compartment.paramIds(type);
    if (own == null || type.equals("Patient") || patients.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, List<String>> e : parameters.entrySet()) {
      ParameterConditions.ValueCondition resolved = membershipReference(type, e.getKey(), own);
      if (resolved == null) {
        continue;
      }
      for (String repetition : e.getValue()) {
        List<String> values = SearchValues.split(repetition, ',');
        if (values.size() == 1
            && !values.get(0).isEmpty()
            && implies(resolved, values, own, patients)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the compartment search {@code owner/id} of {@code type} only matches resources in the
   * compartment of one of {@code patients}: its membership condition uses (a subset of) the same
   * parameters as the patient compartment's.
   */
  boolean impliedByCompartment(String owner, String id, String type, Set<String> patients) {
    Integer[] own = compartment.paramIds(type);
    Integer[] members = compartments.membershipIds(owner, type);
    if (own == null || members == null || !owner.equals("Patient") || type.equals("Patient")) {
      return false;
    }
    SqlCondition.IndexKey key = Compartments.membership(owner, type, members, id).key();
    return key != null
        && key.predicate().equals(MEMBERSHIP)
        && key.args().get(0) instanceof Integer[] params
        && params.length > 0
        && Arrays.asList(own).containsAll(Arrays.asList(params))
        && "Patient".equals(key.args().get(1))
        && patients.contains(String.valueOf(key.args().get(2)));
  }

  /**
   * The search's own condition builder for {@code name} when it is a plain membership parameter of
   * the type, without modifier or with {@code :Patient}; null otherwise (nothing else is looked at,
   * so no terminology or chain is resolved here).
   */
  private ParameterConditions.@Nullable ValueCondition membershipReference(
      String type, String name, Integer[] own) {
    if (name.startsWith("_") || name.indexOf('.') >= 0) {
      return null;
    }
    int colon = name.indexOf(':');
    String code = colon < 0 ? name : name.substring(0, colon);
    String modifier = colon < 0 ? null : name.substring(colon + 1);
    if (modifier != null && !modifier.equals("Patient")) {
      return null;
    }
    SearchParam param = registry.find(type, code);
    if (param == null
        || !param.supported()
        || !param.indexed()
        || param.type() != SearchParam.Type.REFERENCE
        || !Arrays.asList(own).contains(ids.id(param))) {
      return null;
    }
    return search.resolve(type, name);
  }

  private static boolean implies(
      ParameterConditions.ValueCondition resolved,
      List<String> values,
      Integer[] own,
      Set<String> patients) {
    SqlCondition c;
    try {
      c = resolved.apply(values);
    } catch (FhirException invalid) {
      // The search itself answers it (the same exception); nothing is implied here.
      return false;
    }
    SqlCondition.IndexKey key = c.key();
    return key != null
        && key.table().equals("sp_reference")
        && key.predicate().equals(ONE_REFERENCE)
        && key.args().size() == 3
        && key.args().get(0) instanceof Integer param
        && Arrays.asList(own).contains(param)
        && "Patient".equals(key.args().get(1))
        && patients.contains(String.valueOf(key.args().get(2)));
  }
}
