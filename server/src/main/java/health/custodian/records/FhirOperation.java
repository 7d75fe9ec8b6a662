package health.custodian.records;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Extension point for FHIR operations ({@code $name}, R4 3.1.0.11 "Extended Operations"). A module
 * contributes a Spring bean implementing this interface; the records module routes {@code
 * /fhir/$name}, {@code /fhir/Type/$name} and {@code /fhir/Type/id/$name} to it and lists it in the
 * CapabilityStatement.
 */
public interface FhirOperation {

  /** The operation name without the leading {@code $}. */
  String name();

  /** The levels at which the operation is invoked. */
  Set<Level> levels();

  /** Resource types it applies to at type and instance level; empty for all. */
  default Set<String> resourceTypes() {
    return Set.of();
  }

  /** Whether the operation changes data (then GET is refused, R4 3.1.0.11). */
  default boolean affectsState() {
    return false;
  }

  /** Canonical URL of its OperationDefinition, for the CapabilityStatement. */
  default String definition() {
    return "http://hl7.org/fhir/OperationDefinition/" + name();
  }

  Result invoke(Request request);

  /** Where the operation was invoked. */
  enum Level {
    SYSTEM,
    TYPE,
    INSTANCE
  }

  /**
   * An invocation: the resource type and id when at type or instance level, the query parameters,
   * and the request body as a JSON tree (a Parameters resource or another resource) if any.
   */
  record Request(
      Level level,
      @Nullable String resourceType,
      @Nullable String id,
      Map<String, List<String>> parameters,
      @Nullable JsonNode body) {}

  /** The answer: an HTTP status and a FHIR resource (or none, for 204-style answers). */
  record Result(int status, @Nullable JsonNode resource) {}
}
