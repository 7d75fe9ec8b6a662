package health.custodian.records.internal.search;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import health.custodian.records.FhirException;
import health.custodian.records.internal.search.SearchService.SearchPage;
import health.custodian.records.internal.search.SearchService.SearchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The R4 Patient compartment (compartmentdefinition-patient): which resources belong to a patient.
 * The membership parameters come from HAPI's model (each search parameter that provides membership
 * in the Patient compartment); a resource is in Patient/x's compartment when one of its type's
 * membership parameters references Patient/x, and the Patient itself is in its own.
 */
@Component
public class PatientCompartment {

  private final JdbcSearchService search;

  /** Type to the sp_param ids of its membership parameters (indexed ones only). */
  private final Map<String, Integer[]> paramIds;

  private final Integer[] allParamIds;

  PatientCompartment(
      JdbcSearchService search, SearchParameterRegistry registry, SearchParamIds ids) {
    this.search = search;
    Map<String, Integer[]> byType = new TreeMap<>();
    List<Integer> all = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : membershipParameters().entrySet()) {
      List<Integer> own = new ArrayList<>();
      for (String code : e.getValue()) {
        SearchParam p = registry.find(e.getKey(), code);
        // A membership parameter this server cannot index adds no members; none is known in R4.
        if (p != null && p.indexed() && p.type() == SearchParam.Type.REFERENCE) {
          own.add(ids.id(p));
        }
      }
      if (!own.isEmpty() || e.getKey().equals("Patient")) {
        byType.put(e.getKey(), own.toArray(Integer[]::new));
        all.addAll(own);
      }
    }
    this.paramIds = Map.copyOf(byType);
    this.allParamIds = all.toArray(Integer[]::new);
  }

  /** The resource types that can be in a Patient compartment. */
  public Set<String> types() {
    return paramIds.keySet();
  }

  /** The membership parameter ids of one type; null when the type is not in the compartment. */
  Integer @Nullable [] paramIds(String type) {
    Integer[] ids = paramIds.get(type);
    return ids == null ? null : ids.clone();
  }

  /** The membership parameter ids of every type, for set-based queries. */
  Integer[] allParamIds() {
    return allParamIds.clone();
  }

  /**
   * A search of one type restricted to the compartment of Patient/{@code patientId} (R4 3.1.1.4
   * "Compartment search"); an unknown patient has an empty compartment, so the result is an empty
   * Bundle rather than a 404.
   */
  public SearchPage search(String patientId, SearchRequest request) {
    return search(patientId, request, List.of());
  }

  /** {@link #search(String, SearchRequest)} with the gateway's access conditions ANDed in. */
  SearchPage search(String patientId, SearchRequest request, List<SqlCondition> extra) {
    Integer[] ids = paramIds.get(request.resourceType());
    if (ids == null) {
      throw FhirException.badRequest(
          "not-in-compartment",
          request.resourceType() + " resources are not in the Patient compartment",
          null);
    }
    List<SqlCondition> where = new ArrayList<>(extra);
    where.add(0, membership(request.resourceType(), ids, patientId));
    return search.search(request, where);
  }

  private static SqlCondition membership(String type, Integer[] ids, String patientId) {
    String byReference =
        "exists (select 1 from sp_reference x where x.res_pk = r.pk and x.param_id = any(?)"
            + " and x.target_type = 'Patient' and x.target_id = ?)";
    if (type.equals("Patient")) {
      return SqlCondition.of("(r.res_id = ? or " + byReference + ")", patientId, ids, patientId);
    }
    return SqlCondition.of(byReference, ids, patientId);
  }

  /** Type to the codes of its parameters that provide Patient compartment membership. */
  static Map<String, List<String>> membershipParameters() {
    FhirContext ctx = FhirContext.forR4Cached();
    Map<String, List<String>> out = new TreeMap<>();
    for (String type : ctx.getResourceTypes()) {
      RuntimeResourceDefinition def = ctx.getResourceDefinition(type);
      List<String> codes = new ArrayList<>();
      for (RuntimeSearchParam p : def.getSearchParams()) {
        Set<String> compartments = p.getProvidesMembershipInCompartments();
        if (compartments != null && compartments.contains("Patient")) {
          codes.add(p.getName());
        }
      }
      if (!codes.isEmpty() || type.equals("Patient")) {
        out.put(type, List.copyOf(codes));
      }
    }
    return out;
  }
}
