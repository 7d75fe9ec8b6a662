package health.custodian.records.internal.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.internal.bundle.BundleProcessor;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * System-level interactions: capabilities (R4 3.1.0.9), batch/transaction (3.1.0.11) and operations
 * at instance level.
 */
@RestController
class SystemController {

  private final CapabilityStatementFactory capabilities;
  private final BundleProcessor bundles;
  private final RequestBodies bodies;
  private final FhirResponses responses;
  private final OperationDispatcher operations;

  SystemController(
      CapabilityStatementFactory capabilities,
      BundleProcessor bundles,
      RequestBodies bodies,
      FhirResponses responses,
      OperationDispatcher operations) {
    this.capabilities = capabilities;
    this.bundles = bundles;
    this.bodies = bodies;
    this.responses = responses;
    this.operations = operations;
  }

  @GetMapping("/fhir/metadata")
  ResponseEntity<byte[]> metadata(HttpServletRequest request) {
    return responses.text(200, capabilities.json(Requests.base(request)), Format.of(request));
  }

  @PostMapping({"/fhir", "/fhir/"})
  ResponseEntity<byte[]> bundle(HttpServletRequest request) {
    Format format = Format.of(request);
    ObjectNode bundle = bodies.resource(request);
    return responses.text(200, bundles.process(bundle, Requests.base(request)), format);
  }

  @RequestMapping(
      path = "/fhir/{type}/{id}/{operation}",
      method = {RequestMethod.GET, RequestMethod.POST})
  ResponseEntity<byte[]> instanceOperation(
      @PathVariable String type,
      @PathVariable String id,
      @PathVariable String operation,
      HttpServletRequest request) {
    if (!operation.startsWith("$")) {
      throw health.custodian.records.FhirException.notFound(
          "unknown-path", "No FHIR interaction at this path");
    }
    return operations.invoke(request, type, id, operation.substring(1));
  }

  @PostMapping("/fhir/{type}/{id}")
  ResponseEntity<byte[]> typeOperation(
      @PathVariable String type, @PathVariable String id, HttpServletRequest request) {
    if (!id.startsWith("$")) {
      throw new health.custodian.records.FhirException(
          405, "method-not-allowed", "not-supported", "POST is not allowed on a resource instance");
    }
    return operations.invoke(request, type, null, id.substring(1));
  }
}
