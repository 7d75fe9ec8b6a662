package health.custodian.records.internal.validation;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The compiled R4 base model: every concrete resource type, the {@code Element} type (shape of the
 * {@code _name} objects of primitives) and the {@code id} type (resource ids).
 */
record FhirModel(Map<String, TypeModel> resources, TypeModel element, PrimitiveType id) {

  FhirModel {
    resources = Map.copyOf(resources);
  }

  @Nullable TypeModel resource(String resourceType) {
    return resources.get(resourceType);
  }
}
