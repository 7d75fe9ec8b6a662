package health.custodian.records.internal.storage;

import ca.uhn.fhir.context.FhirContext;
import java.util.Set;
import java.util.TreeSet;

/** The R4 resource type names (from HAPI's model: 146 types in FHIR 4.0.1). */
public final class ResourceTypes {

  private static final Set<String> NAMES =
      Set.copyOf(new TreeSet<>(FhirContext.forR4Cached().getResourceTypes()));

  private ResourceTypes() {}

  public static boolean isKnown(String name) {
    return NAMES.contains(name);
  }

  public static Set<String> all() {
    return NAMES;
  }
}
