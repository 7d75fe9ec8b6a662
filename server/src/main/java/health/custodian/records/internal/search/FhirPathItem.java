package health.custodian.records.internal.search;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * One item of a FHIRPath collection: a JSON node plus its FHIR type when the JSON shows it (a
 * choice element's key suffix, e.g. {@code valueQuantity}, or a resource's {@code resourceType}).
 * Other element types are not known without the structure definitions, which we avoid loading.
 */
record FhirPathItem(JsonNode node, @Nullable String declaredType) {

  /** The FHIR type when known: the declared type or, for resources, {@code resourceType}. */
  @Nullable String type() {
    if (declaredType != null) {
      return declaredType;
    }
    JsonNode rt = node.get("resourceType");
    return rt != null && rt.isTextual() ? rt.asText() : null;
  }

  static FhirPathItem of(JsonNode node) {
    return new FhirPathItem(node, null);
  }
}
