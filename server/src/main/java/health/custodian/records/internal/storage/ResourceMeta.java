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

  /** How a client's {@code meta} begins right after the id in compact text. */
  private static final String CLIENT_META = ",\"meta\":{";

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

  /**
   * The text {@link #serialize} gives after {@link #set}, built from the client's text after the id
   * ({@code tail}, checked by the caller to be compact and escaped exactly as {@link #serialize}
   * writes): {@code {"resourceType":T,"id":X,"meta":{"versionId":V,"lastUpdated":L}} followed by
   * the tail; when the tail begins with the client's {@code meta} (which the caller has checked has
   * neither {@code versionId} nor {@code lastUpdated}), its elements follow those two, as {@link
   * #set} orders them.
   */
  static String splice(String type, String id, int version, Instant lastUpdated, String tail) {
    StringBuilder out = head(type, id, version, instant(lastUpdated), tail.length());
    if (tail.startsWith(CLIENT_META)) {
      int rest = CLIENT_META.length();
      if (rest < tail.length() && tail.charAt(rest) != '}') {
        out.append(',');
      }
      return out.append(tail, rest, tail.length()).toString();
    }
    return out.append('}').append(tail).toString();
  }

  /**
   * The stored body's beginning up to the server's {@code lastUpdated} (no closing brace of {@code
   * meta}), with room for {@code more} characters: what {@link #splice} and {@link SplicedBody}
   * write before the client's text.
   */
  static StringBuilder head(String type, String id, int version, String lastUpdated, int more) {
    return new StringBuilder(more + type.length() + id.length() + 100)
        .append("{\"resourceType\":\"")
        .append(type)
        .append("\",\"id\":\"")
        .append(id)
        .append("\",\"meta\":{\"versionId\":\"")
        .append(version)
        .append("\",\"lastUpdated\":\"")
        .append(lastUpdated)
        .append('"');
  }

  /** {@code meta.lastUpdated} as {@link #set} and {@link #splice} write it. */
  static String instant(Instant lastUpdated) {
    return INSTANT.format(lastUpdated);
  }

  static String serialize(ObjectNode resource) {
    return FhirJson.write(resource);
  }
}
