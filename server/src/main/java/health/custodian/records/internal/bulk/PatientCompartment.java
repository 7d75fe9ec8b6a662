package health.custodian.records.internal.bulk;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import health.custodian.records.internal.storage.ResourceTypes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Patient compartment (R4 CompartmentDefinition "patient") from HAPI's model: for each type,
 * the search parameters whose references make a resource a member. Patient- and group-level {@code
 * $export} return exactly these members (IG v2.0.0 "Endpoint - All Patients").
 */
final class PatientCompartment {

  static final String PATIENT = "Patient";

  private final Map<String, List<String>> params;

  private PatientCompartment(Map<String, List<String>> params) {
    this.params = params;
  }

  static PatientCompartment fromHapi() {
    FhirContext fhir = FhirContext.forR4Cached();
    Map<String, List<String>> out = new TreeMap<>();
    for (String type : ResourceTypes.all()) {
      List<String> codes =
          fhir.getResourceDefinition(type).getSearchParams().stream()
              .filter(PatientCompartment::providesMembership)
              .map(RuntimeSearchParam::getName)
              .sorted()
              .toList();
      if (!codes.isEmpty() || type.equals(PATIENT)) {
        out.put(type, codes);
      }
    }
    return new PatientCompartment(Map.copyOf(out));
  }

  private static boolean providesMembership(RuntimeSearchParam param) {
    // HAPI leaves the set null for parameters in no compartment.
    java.util.Set<String> compartments = param.getProvidesMembershipInCompartments();
    return compartments != null && compartments.contains(PATIENT);
  }

  /** Types that can be in a patient's compartment (Patient itself included), sorted. */
  List<String> types() {
    return params.keySet().stream().sorted().toList();
  }

  boolean contains(String type) {
    return params.containsKey(type);
  }

  /** The membership parameters of a type (for Patient: {@code link}; the patient is itself). */
  List<String> params(String type) {
    return params.getOrDefault(type, List.of());
  }
}
