package health.custodian.records;

import java.util.List;
import java.util.Map;

/**
 * Extension point for the CapabilityStatement (R4 3.1.0.9): a module that serves FHIR endpoints of
 * its own (outside the record store) contributes a Spring bean implementing this interface, so that
 * {@code /fhir/metadata} states what the server really does. The records module lists each {@link
 * ServedType} in place of its own entry for that type and adds each {@link TypeOperation} to the
 * entry of its type.
 */
public interface CapabilityContribution {

  /** Resource types the contributing module serves instead of the record store. */
  default List<ServedType> servedTypes() {
    return List.of();
  }

  /** Type- or instance-level operations the contributing module serves (not FhirOperations). */
  default List<TypeOperation> operations() {
    return List.of();
  }

  /**
   * A resource type served elsewhere.
   *
   * @param interactions R4 TypeRestfulInteraction codes, e.g. {@code read}, {@code search-type}
   * @param searchParams search parameter code to its type ({@code token}, {@code date}...)
   */
  record ServedType(String type, List<String> interactions, Map<String, String> searchParams) {
    public ServedType {
      interactions = List.copyOf(interactions);
      searchParams = Map.copyOf(searchParams);
    }
  }

  /** An operation {@code $name} on {@code type} with its OperationDefinition's canonical URL. */
  record TypeOperation(String type, String name, String definition) {}
}
