package health.custodian.records.internal.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import health.custodian.records.FhirOperation;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.json.OperationOutcomes;
import health.custodian.records.internal.storage.RecordReader;
import health.custodian.records.internal.validation.FullValidator;
import health.custodian.records.internal.validation.ValidationIssue;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * {@code $validate} (R4 Resource-validate): HAPI's complete validator (base spec and any profile
 * the resource claims), at type level on a posted resource and at instance level on the stored one.
 * Answers 200 with an OperationOutcome listing every issue, valid or not.
 */
@Component
class ValidateOperation implements FhirOperation {

  private final FullValidator validator;
  private final RecordReader reader;

  ValidateOperation(FullValidator validator, RecordReader reader) {
    this.validator = validator;
    this.reader = reader;
  }

  @Override
  public String name() {
    return "validate";
  }

  @Override
  public Set<Level> levels() {
    return Set.of(Level.TYPE, Level.INSTANCE);
  }

  @Override
  public String definition() {
    return "http://hl7.org/fhir/OperationDefinition/Resource-validate";
  }

  @Override
  public Result invoke(Request request) {
    String json = resourceJson(request);
    if (json == null) {
      throw FhirException.badRequest(
          "missing-resource",
          "$validate needs a resource (the body or a 'resource' parameter)",
          null);
    }
    JsonNode parsed = FhirJson.parse(json);
    String type = parsed.path("resourceType").asText();
    if (request.resourceType() != null && !request.resourceType().equals(type)) {
      throw FhirException.badRequest(
          "type-mismatch", "The resource is not a " + request.resourceType(), "resourceType");
    }
    List<ValidationIssue> issues = validator.validate(json);
    ObjectNode outcome =
        issues.isEmpty()
            ? OperationOutcomes.information("Validation found no issues")
            : OperationOutcomes.fromIssues(issues);
    return new Result(200, outcome);
  }

  private @Nullable String resourceJson(Request request) {
    JsonNode body = request.body();
    if (body != null && "Parameters".equals(body.path("resourceType").asText())) {
      for (JsonNode p : body.path("parameter")) {
        if ("resource".equals(p.path("name").asText()) && p.has("resource")) {
          return FhirJson.write(p.get("resource"));
        }
      }
      return null;
    }
    if (body != null) {
      return FhirJson.write(body);
    }
    if (request.level() == Level.INSTANCE
        && request.resourceType() != null
        && request.id() != null) {
      return reader.read(request.resourceType(), request.id()).body();
    }
    return null;
  }
}
