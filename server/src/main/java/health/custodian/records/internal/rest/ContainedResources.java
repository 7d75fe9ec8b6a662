package health.custodian.records.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.storage.StoredVersion;
import java.util.ArrayList;
import java.util.List;

/** The resources contained in a stored container (R4 resource 6.1.0.5 "Contained Resources"). */
final class ContainedResources {

  private ContainedResources() {}

  /**
   * The contained resources of {@code type} in the container, each as a version carrying the
   * container's key, version and lastUpdated (a contained resource has no identity of its own,
   * dom-4) and its own type, id and JSON.
   */
  static List<StoredVersion> of(StoredVersion container, String type) {
    String body = container.body();
    if (body == null) {
      return List.of();
    }
    JsonNode contained = FhirJson.parse(body).get("contained");
    if (contained == null || !contained.isArray()) {
      return List.of();
    }
    List<StoredVersion> out = new ArrayList<>();
    for (JsonNode c : contained) {
      if (type.equals(c.path("resourceType").asText())) {
        out.add(
            new StoredVersion(
                container.pk(),
                type,
                c.path("id").asText(""),
                container.version(),
                container.lastUpdated(),
                container.method(),
                FhirJson.write(c)));
      }
    }
    return out;
  }
}
