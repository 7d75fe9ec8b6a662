package health.custodian.records.internal.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.storage.ResourceTypes;
import health.custodian.records.internal.storage.WriteSettings;
import health.custodian.records.internal.validation.FullValidator;
import health.custodian.records.internal.validation.InvalidResourceException;
import health.custodian.records.internal.validation.ResourceValidator;
import health.custodian.records.internal.validation.ValidationIssue;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** The checks every written resource passes: type, id and validation (per configured mode). */
@Component
public class ResourceChecks {

  /** R4 2.24.0.2 "id": 1 to 64 of A-Z, a-z, 0-9, '-' and '.'. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  private final ResourceValidator structural;
  private final FullValidator full;
  private final WriteSettings settings;

  ResourceChecks(ResourceValidator structural, FullValidator full, WriteSettings settings) {
    this.structural = structural;
    this.full = full;
    this.settings = settings;
  }

  public void checkKnownType(String type) {
    if (!ResourceTypes.isKnown(type)) {
      throw FhirException.notFound(
          "unknown-resource-type", "'" + type + "' is not an R4 resource type");
    }
  }

  /** The body's resourceType must be the one of the URL (R4 3.1.0.4). */
  public void checkType(String type, ObjectNode resource) {
    checkKnownType(type);
    JsonNode rt = resource.get("resourceType");
    if (rt == null || !rt.isTextual()) {
      throw FhirException.badRequest(
          "missing-resource-type", "The resource has no resourceType", "resourceType");
    }
    if (!rt.textValue().equals(type)) {
      throw FhirException.badRequest(
          "type-mismatch",
          "The resource is a " + abbreviate(rt.textValue()) + " but the URL names " + type,
          "resourceType");
    }
  }

  /** On update the body's id must equal the URL's (R4 3.1.0.4.3). */
  public void checkId(String id, ObjectNode resource) {
    if (!ID.matcher(id).matches()) {
      throw FhirException.badRequest(
          "invalid-id", "The id in the URL is not a valid FHIR id", null);
    }
    JsonNode bodyId = resource.get("id");
    if (bodyId == null || !bodyId.isTextual()) {
      throw FhirException.badRequest(
          "missing-id",
          "An update must carry the resource id in the body",
          resource.path("resourceType").asText() + ".id");
    }
    if (!bodyId.textValue().equals(id)) {
      throw FhirException.badRequest(
          "id-mismatch",
          "The id in the body does not match the id in the URL",
          resource.path("resourceType").asText() + ".id");
    }
  }

  /** Structural validation per the configured mode; errors reject the write (422). */
  public void validate(ObjectNode resource) {
    if (settings.validation() == WriteSettings.ValidationMode.OFF) {
      return;
    }
    List<ValidationIssue> issues =
        settings.validation() == WriteSettings.ValidationMode.FULL
            ? full.validate(FhirJson.write(resource))
            : structural.validate(resource);
    List<ValidationIssue> errors = issues.stream().filter(i -> i.severity().blocking()).toList();
    if (!errors.isEmpty() && settings.validation() != WriteSettings.ValidationMode.WARN) {
      throw new InvalidResourceException(errors);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
