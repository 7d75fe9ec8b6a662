package health.custodian.records.internal.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.storage.ResourceTypes;
import health.custodian.records.internal.storage.WriteSettings;
import health.custodian.records.internal.validation.FullValidator;
import health.custodian.records.internal.validation.InvalidResourceException;
import health.custodian.records.internal.validation.StreamedResource;
import health.custodian.records.internal.validation.StructuralValidator;
import health.custodian.records.internal.validation.ValidationIssue;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** The checks every written resource passes: type, id and validation (per configured mode). */
@Component
public class ResourceChecks {

  private final StructuralValidator structural;
  private final FullValidator full;
  private final WriteSettings settings;

  ResourceChecks(StructuralValidator structural, FullValidator full, WriteSettings settings) {
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
    if (!isValidId(id)) {
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

  /**
   * R4 datatypes §2.24.0.2 "id": 1 to 64 of A-Z, a-z, 0-9, '-' and '.' ({@code
   * [A-Za-z0-9\-\.]{1,64}}), checked by hand: a bulk import checks every line's id, and the regex
   * allocated a matcher for each.
   */
  public static boolean isValidId(String id) {
    int n = id.length();
    if (n < 1 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The facts of a resource text that {@link #validate} would accept without an issue, found
   * without a tree ({@link StructuralValidator#validLine}); null when only the tree can tell, and
   * always in the full mode, whose validator needs the text parsed anyway. Only a shortcut: a null
   * says nothing about the text.
   */
  public @Nullable StreamedResource validLine(
      String type, byte[] json, Consumer<String> references) {
    if (settings.validation() == WriteSettings.ValidationMode.FULL) {
      return null;
    }
    return structural.validLine(type, json, references);
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
