package health.custodian.records.internal.search;

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

  /** Type to the sp_param ids of its membership parameters (indexed ones only). */
  private final Map<String, Integer[]> paramIds;

  private final Integer[] allParamIds;

  PatientCompartment(SearchParameterRegistry registry, SearchParamIds ids) {
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

  /** Type to the codes of its parameters that provide Patient compartment membership. */
  static Map<String, List<String>> membershipParameters() {
    return Compartments.membershipParameters("Patient");
  }
}
