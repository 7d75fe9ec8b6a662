package health.custodian.web.internal.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A readable diff between two versions of a resource: both trees flattened to FHIRPath-like paths
 * ({@code name[0].given[1]}) with leaf values, then compared path by path. {@code meta.versionId}
 * and {@code meta.lastUpdated} always change and are left out.
 */
final class VersionDiff {

  private VersionDiff() {}

  record Change(String path, String kind, String before, String after) {}

  static List<Change> between(JsonNode before, JsonNode after) {
    Map<String, String> a = flatten(before);
    Map<String, String> b = flatten(after);
    List<Change> changes = new ArrayList<>();
    for (Map.Entry<String, String> e : a.entrySet()) {
      String now = b.get(e.getKey());
      if (now == null) {
        changes.add(new Change(e.getKey(), "removed", e.getValue(), ""));
      } else if (!now.equals(e.getValue())) {
        changes.add(new Change(e.getKey(), "changed", e.getValue(), now));
      }
    }
    for (Map.Entry<String, String> e : b.entrySet()) {
      if (!a.containsKey(e.getKey())) {
        changes.add(new Change(e.getKey(), "added", "", e.getValue()));
      }
    }
    changes.sort(java.util.Comparator.comparing(Change::path));
    return changes;
  }

  static Map<String, String> flatten(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    walk(node, "", out);
    out.remove("meta.versionId");
    out.remove("meta.lastUpdated");
    return out;
  }

  private static void walk(JsonNode node, String path, Map<String, String> out) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        walk(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "[" + i + "]", out);
      }
    } else {
      out.put(path, node.asText());
    }
  }
}
