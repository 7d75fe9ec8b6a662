package health.custodian.web.internal.chart;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.web.internal.support.JsonTrees;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One patient's record parsed once per page: resources by type and by id, and which resources
 * belong to which encounter (R4 {@code encounter}/{@code context} references), so that every
 * section and the encounter drill-down are lookups, not further queries.
 */
final class ChartIndex {

  private final Map<String, List<JsonNode>> byType = new LinkedHashMap<>();
  private final Map<String, JsonNode> byRef = new HashMap<>();
  private final Map<String, List<JsonNode>> byEncounter = new HashMap<>();

  private ChartIndex() {}

  static ChartIndex of(List<String> jsons, JsonTrees mapper) {
    ChartIndex index = new ChartIndex();
    for (String json : jsons) {
      JsonNode r = mapper.parse(json);
      String type = r.path("resourceType").asText();
      index.byType.computeIfAbsent(type, t -> new ArrayList<>()).add(r);
      index.byRef.put(type + "/" + r.path("id").asText(), r);
      String enc = encounterOf(r);
      if (enc != null) {
        index.byEncounter.computeIfAbsent(enc, e -> new ArrayList<>()).add(r);
      }
    }
    return index;
  }

  private static @Nullable String encounterOf(JsonNode r) {
    String ref = r.path("encounter").path("reference").asText();
    if (ref.isEmpty()) {
      ref = r.path("context").path("encounter").path(0).path("reference").asText();
    }
    if (ref.isEmpty()) {
      ref = r.path("context").path("reference").asText();
    }
    if (ref.isEmpty()) {
      for (JsonNode item : r.path("item")) {
        ref = item.path("encounter").path(0).path("reference").asText();
        if (!ref.isEmpty()) {
          break;
        }
      }
    }
    return ref.startsWith("Encounter/") ? ref.substring("Encounter/".length()) : null;
  }

  List<JsonNode> ofType(String type) {
    return byType.getOrDefault(type, List.of());
  }

  @Nullable JsonNode get(String reference) {
    return byRef.get(reference);
  }

  List<JsonNode> inEncounter(String encounterId) {
    return byEncounter.getOrDefault(encounterId, List.of());
  }

  int size() {
    return byRef.size();
  }
}
