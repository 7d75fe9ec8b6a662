package health.custodian.records.internal.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Finds and rewrites {@code Reference.reference} values in a resource tree (R4 2.3.0 "References
 * between resources"). Contained resources are walked too; their own {@code #id} references are
 * local to the container and left alone.
 */
public final class References {

  private References() {}

  /** Calls {@code visitor} with every reference string in the tree. */
  public static void forEach(JsonNode node, Consumer<String> visitor) {
    rewrite(
        node,
        ref -> {
          visitor.accept(ref);
          return ref;
        });
  }

  /** Replaces each reference string by what {@code mapper} returns for it. */
  public static void rewrite(JsonNode node, UnaryOperator<String> mapper) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode value = field.getValue();
        if (field.getKey().equals("reference") && value.isTextual()) {
          String mapped = mapper.apply(value.textValue());
          if (!mapped.equals(value.textValue())) {
            ((ObjectNode) node).set("reference", TextNode.valueOf(mapped));
          }
        } else if (value.isContainerNode()) {
          rewrite(value, mapper);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        rewrite(item, mapper);
      }
    }
  }

  /**
   * The {@code Type/id} key of a relative local reference ({@code Type/id} or {@code
   * Type/id/_history/v}); null for absolute, contained, logical or conditional references.
   */
  public static @Nullable String localKey(String reference) {
    // Without split(): bulk loads call this for every reference of every resource.
    if (reference.isEmpty() || reference.charAt(0) == '#' || reference.indexOf('?') >= 0) {
      return null;
    }
    if (reference.indexOf(':') >= 0) {
      return null; // absolute URL or urn:uuid / urn:oid
    }
    int slash = reference.indexOf('/');
    if (slash < 0) {
      return null;
    }
    int end = reference.indexOf('/', slash + 1);
    if (end >= 0
        && !(reference.startsWith("_history/", end + 1)
            && reference.indexOf('/', end + "/_history/".length()) < 0)) {
      return null;
    }
    if (end == slash + 1
        || slash + 1 == reference.length()
        || !ResourceTypes.isKnown(reference, 0, slash)) {
      return null;
    }
    return end < 0 ? reference : reference.substring(0, end);
  }

  /** The distinct {@link #localKey local keys} referenced in the tree, in document order. */
  public static Set<String> localKeys(JsonNode node) {
    Set<String> keys = new LinkedHashSet<>();
    collectKeys(node, keys);
    return keys;
  }

  /**
   * The walk of {@link #forEach} without its callbacks, and with type tests instead of {@code
   * isContainerNode()}/{@code isTextual()}, which are megamorphic calls on every node: bulk loads
   * run this over every resource.
   */
  private static void collectKeys(JsonNode node, Set<String> keys) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        JsonNode value = field.getValue();
        if (value instanceof TextNode text) {
          if (field.getKey().equals("reference")) {
            String key = localKey(text.textValue());
            if (key != null) {
              keys.add(key);
            }
          }
        } else if (value instanceof ContainerNode<?>) {
          collectKeys(value, keys);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0, n = array.size(); i < n; i++) {
        collectKeys(array.get(i), keys);
      }
    }
  }
}
