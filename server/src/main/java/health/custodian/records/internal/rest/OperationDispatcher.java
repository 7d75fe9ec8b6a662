package health.custodian.records.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.FhirException;
import health.custodian.records.FhirOperation;
import health.custodian.records.internal.access.Gateway;
import health.custodian.records.internal.json.FhirJson;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Routes {@code $operation} requests (R4 3.1.0.11) to the {@link FhirOperation} beans that modules
 * contribute, after checking level, resource type and method.
 */
@Component
class OperationDispatcher {

  private final Map<String, FhirOperation> operations;
  private final RequestBodies bodies;
  private final FhirResponses responses;
  private final Gateway gateway;

  OperationDispatcher(
      List<FhirOperation> operations,
      RequestBodies bodies,
      FhirResponses responses,
      Gateway gateway) {
    this.gateway = gateway;
    this.operations =
        operations.stream()
            .collect(Collectors.toUnmodifiableMap(FhirOperation::name, Function.identity()));
    this.bodies = bodies;
    this.responses = responses;
  }

  List<FhirOperation> all() {
    return List.copyOf(operations.values());
  }

  ResponseEntity<byte[]> invoke(
      HttpServletRequest request, @Nullable String type, @Nullable String id, String name) {
    Format format = Format.of(request);
    FhirOperation op = operations.get(name);
    FhirOperation.Level level =
        id != null
            ? FhirOperation.Level.INSTANCE
            : type != null ? FhirOperation.Level.TYPE : FhirOperation.Level.SYSTEM;
    if (op == null
        || !op.levels().contains(level)
        || (type != null && !op.resourceTypes().isEmpty() && !op.resourceTypes().contains(type))) {
      throw FhirException.notFound(
          "unknown-operation", "No operation $" + abbreviate(name) + " at this level");
    }
    boolean get = request.getMethod().equals("GET");
    if (get && op.affectsState()) {
      throw new FhirException(
          405, "method-not-allowed", "not-supported", "$" + name + " changes data: use POST");
    }
    JsonNode body = !get && RequestBodies.hasBody(request) ? bodies.resource(request) : null;
    FhirOperation.Result result =
        gateway.operation(
            op, new FhirOperation.Request(level, type, id, Requests.parameters(request), body));
    if (result.resource() == null) {
      return responses.empty(result.status(), null);
    }
    return responses.text(result.status(), FhirJson.write(result.resource()), format);
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) : s;
  }
}
