package health.custodian.records.internal.rest;

import health.custodian.records.internal.write.ResourceChecks;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** search at type level, by GET and by POST {@code _search} (R4 3.1.0.8 / 3.1.1). */
@RestController
class SearchController {

  private final ResourceChecks checks;
  private final SearchResults results;
  private final OperationDispatcher operations;

  SearchController(ResourceChecks checks, SearchResults results, OperationDispatcher operations) {
    this.checks = checks;
    this.results = results;
    this.operations = operations;
  }

  @GetMapping("/fhir/{type}")
  ResponseEntity<byte[]> search(@PathVariable String type, HttpServletRequest request) {
    if (type.startsWith("$")) {
      return operations.invoke(request, null, null, type.substring(1));
    }
    return run(type, request);
  }

  @PostMapping("/fhir/{type}/_search")
  ResponseEntity<byte[]> searchByPost(@PathVariable String type, HttpServletRequest request) {
    return run(type, request);
  }

  /** The Bundle, includes and result shaping are {@link SearchResults}'s. */
  private ResponseEntity<byte[]> run(String type, HttpServletRequest request) {
    checks.checkKnownType(type);
    return results.respond(request, type, "/" + type, null);
  }
}
