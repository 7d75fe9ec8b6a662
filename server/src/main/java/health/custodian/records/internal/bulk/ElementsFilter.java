package health.custodian.records.internal.bulk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.internal.json.FhirJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code _elements} (IG v2.0.0 "Query Parameters", R4 search 3.1.1.5.9): keeps the mandatory
 * elements, id and meta and the named top-level elements, and tags the result SUBSETTED.
 */
final class ElementsFilter {

  private static final Set<String> ALWAYS = Set.of("resourceType", "id", "meta");

  private ElementsFilter() {}

  /** The element names that apply to {@code type}: {@code name} or {@code Type.name}. */
  static Set<String> forType(List<String> elements, String type) {
    Set<String> out = new java.util.HashSet<>();
    for (String e : elements) {
      int dot = e.indexOf('.');
      if (dot < 0) {
        out.add(e);
      } else if (e.substring(0, dot).equals(type)) {
        out.add(e.substring(dot + 1));
      }
    }
    return out;
  }

  static String apply(String body, Set<String> keep) {
    ObjectNode resource =
        FhirJson.parseResource(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    List<String> drop = new ArrayList<>();
    resource
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!ALWAYS.contains(name) && !keep.contains(name)) {
                drop.add(name);
              }
            });
    resource.remove(drop);
    ObjectNode meta =
        resource.has("meta") ? (ObjectNode) resource.get("meta") : resource.putObject("meta");
    ArrayNode tags = meta.has("tag") ? (ArrayNode) meta.get("tag") : meta.putArray("tag");
    ObjectNode tag = tags.addObject();
    tag.put("system", "http://terminology.hl7.org/CodeSystem/v3-ObservationValue");
    tag.put("code", "SUBSETTED");
    return FhirJson.write(resource);
  }
}
