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
 * Compartment search (R4 3.1.1.4 "Compartment search",
 * http://hl7.org/fhir/R4/compartmentdefinition.html) for the five R4 compartments: Patient,
 * Encounter, RelatedPerson, Practitioner and Device.
 *
 * <p>Membership comes from the CompartmentDefinitions as HAPI's model carries them: each search
 * parameter that provides membership in a compartment. A resource is in {@code Encounter/x}'s
 * compartment when one of its type's membership parameters references {@code Encounter/x}; the
 * owner itself is in its own compartment (the definitions' {@code {def}} entry).
 */
@Component
public class Compartments {

  /** The R4 compartment types (compartment-type value set). */
  public static final Set<String> OWNERS =
      Set.of("Patient", "Encounter", "RelatedPerson", "Practitioner", "Device");

  private final JdbcSearchService search;

  /** Compartment to member type to the sp_param ids of its membership parameters. */
  private final Map<String, Map<String, Integer[]>> paramIds;

  Compartments(JdbcSearchService search, SearchParameterRegistry registry, SearchParamIds ids) {
    this.search = search;
    Map<String, Map<String, Integer[]>> all = new TreeMap<>();
    for (String owner : OWNERS) {
      Map<String, Integer[]> byType = new TreeMap<>();
      for (Map.Entry<String, List<String>> e : membershipParameters(owner).entrySet()) {
        List<Integer> own = new ArrayList<>();
        for (String code : e.getValue()) {
          SearchParam p = registry.find(e.getKey(), code);
          if (p != null && p.indexed() && p.type() == SearchParam.Type.REFERENCE) {
            own.add(ids.id(p));
          }
        }
        if (!own.isEmpty() || e.getKey().equals(owner)) {
          byType.put(e.getKey(), own.toArray(Integer[]::new));
        }
      }
      all.put(owner, Map.copyOf(byType));
    }
    this.paramIds = Map.copyOf(all);
  }

  /** The membership parameter ids of {@code type} in {@code owner}'s compartments; null if none. */
  Integer @Nullable [] membershipIds(String owner, String type) {
    Map<String, Integer[]> types = paramIds.get(owner);
    Integer[] ids = types == null ? null : types.get(type);
    return ids == null ? null : ids.clone();
  }

  /** The resource types that can be in a compartment of {@code owner}'s type. */
  public Set<String> types(String owner) {
    Map<String, Integer[]> types = paramIds.get(owner);
    return types == null ? Set.of() : types.keySet();
  }

  /**
   * A search of one type restricted to the compartment of {@code owner/id}. An unknown owner has an
   * empty compartment, so the result is an empty page rather than a 404 (a search that matches
   * nothing is not an error, R4 3.1.1).
   */
  public SearchPage search(String owner, String id, SearchRequest request) {
    return search(owner, id, request, List.of(), TargetAccess.NONE);
  }

  /** {@link #search(String, String, SearchRequest)} with the gateway's access conditions ANDed. */
  SearchPage search(
      String owner,
      String id,
      SearchRequest request,
      List<SqlCondition> extra,
      TargetAccess targets) {
    Map<String, Integer[]> types = paramIds.get(owner);
    if (types == null) {
      throw FhirException.badRequest(
          "not-a-compartment", owner + " is not a compartment type", null);
    }
    Integer[] ids = types.get(request.resourceType());
    if (ids == null) {
      throw FhirException.badRequest(
          "not-in-compartment",
          request.resourceType() + " resources are not in the " + owner + " compartment",
          null);
    }
    List<SqlCondition> where = new ArrayList<>();
    where.add(membership(owner, request.resourceType(), ids, id));
    where.addAll(extra);
    return search.search(request, where, targets);
  }

  static SqlCondition membership(String owner, String type, Integer[] ids, String id) {
    String predicate = "x.param_id = any(?) and x.target_type = ? and x.target_id = ?";
    List<Object> args = List.of(ids, owner, id);
    String byReference =
        "exists (select 1 from sp_reference x where x.res_pk = r.pk and " + predicate + ")";
    if (type.equals(owner)) {
      List<Object> withId = new ArrayList<>();
      withId.add(id);
      withId.addAll(args);
      return new SqlCondition("(r.res_id = ? or " + byReference + ")", withId);
    }
    // The parameter ids are the member type's own, so a row implies the type (DrivingSet).
    return new SqlCondition(
        byReference, args, new SqlCondition.IndexKey("sp_reference", predicate, args, true));
  }

  /** Member type to the codes of its parameters that provide membership in {@code owner}'s type. */
  static Map<String, List<String>> membershipParameters(String owner) {
    FhirContext ctx = FhirContext.forR4Cached();
    Map<String, List<String>> out = new TreeMap<>();
    for (String type : ctx.getResourceTypes()) {
      RuntimeResourceDefinition def = ctx.getResourceDefinition(type);
      List<String> codes = new ArrayList<>();
      for (RuntimeSearchParam p : def.getSearchParams()) {
        Set<String> compartments = p.getProvidesMembershipInCompartments();
        if (compartments != null && compartments.contains(owner)) {
          codes.add(p.getName());
        }
      }
      if (!codes.isEmpty() || type.equals(owner)) {
        out.put(type, List.copyOf(codes));
      }
    }
    return out;
  }
}
