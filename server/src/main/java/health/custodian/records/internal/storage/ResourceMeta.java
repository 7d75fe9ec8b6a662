package health.custodian.records.internal.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.internal.json.FhirJson;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Server-assigned metadata (R4 2.1.0 Resource.meta): {@code id}, {@code meta.versionId} and {@code
 * meta.lastUpdated} are the server's, whatever the client sent; the rest of {@code meta} (profile,
 * security, tag, source) is kept. Keys are ordered resourceType, id, meta, then the client's order,
 * so that the stored JSON reads naturally.
 */
final class ResourceMeta {

  private static final DateTimeFormatter INSTANT = DateTimeFormatter.ISO_INSTANT;

  private ResourceMeta() {}

  static void set(ObjectNode resource, String type, String id, int version, Instant lastUpdated) {
    JsonNode oldMeta = resource.get("meta");
    ObjectNode meta = resource.objectNode();
    meta.put("versionId", Integer.toString(version));
    meta.put("lastUpdated", INSTANT.format(lastUpdated));
    if (oldMeta != null && oldMeta.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = oldMeta.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (!f.getKey().equals("versionId") && !f.getKey().equals("lastUpdated")) {
          meta.set(f.getKey(), f.getValue());
        }
      }
    }
    List<Map.Entry<String, JsonNode>> rest = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String k = f.getKey();
      if (!k.equals("resourceType") && !k.equals("id") && !k.equals("meta")) {
        rest.add(f);
      }
    }
    resource.removeAll();
    resource.put("resourceType", type);
    resource.put("id", id);
    resource.set("meta", meta);
    for (Map.Entry<String, JsonNode> f : rest) {
      resource.set(f.getKey(), f.getValue());
    }
  }

  static String serialize(ObjectNode resource) {
    return FhirJson.write(resource);
  }
}
