package health.custodian.records.internal.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import health.custodian.records.internal.json.FhirJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Mutations of a valid resource, as canonical lines: each changes one value or object of the
 * resource in a way that breaks some rule of the structural validation or of the JSON format (some
 * mutations stay valid, e.g. dropping an optional element, and are compared as such).
 */
final class LineMutations {

  /** One mutated line and what was done to it. */
  record Mutation(String kind, byte[] line) {}

  private static final JsonNodeFactory NODES = FhirJson.nodes();
  private static final String MARK = "@@mutated@@";

  private final ObjectNode original;
  private final Consumer<Mutation> out;

  private LineMutations(ObjectNode original, Consumer<Mutation> out) {
    this.original = original;
    this.out = out;
  }

  /** Gives each mutation to {@code out} as it is made (the lines of one resource run to MBs). */
  static void of(ObjectNode resource, Consumer<Mutation> out) {
    LineMutations m = new LineMutations(resource, out);
    m.walk(List.of());
    m.text();
  }

  /** Every value by its path of keys and indexes; each mutation applied to a fresh copy. */
  private void walk(List<Object> path) {
    JsonNode node = at(original, path);
    if (node instanceof ObjectNode object) {
      mutateObject(path, object);
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        List<Object> child = append(path, field.getKey());
        mutateValue(child, field.getValue());
        walk(child);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        List<Object> child = append(path, i);
        mutateValue(child, array.get(i));
        walk(child);
      }
    }
  }

  private void mutateObject(List<Object> path, ObjectNode object) {
    edit("unknown element", path, (copy, o) -> ((ObjectNode) o).put("bogusElement", "x"));
    edit("empty object", path, (copy, o) -> ((ObjectNode) o).removeAll());
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      String name = field.getKey();
      edit("drop element", path, (copy, o) -> ((ObjectNode) o).remove(name));
      int upper = firstUpper(name);
      if (upper > 0) {
        String stem = name.substring(0, upper);
        for (String other : new String[] {"String", "Boolean", "CodeableConcept"}) {
          if (!name.equals(stem + other)) {
            edit(
                "two choice types",
                path,
                (copy, o) -> {
                  JsonNode v =
                      other.equals("Boolean")
                          ? NODES.booleanNode(true)
                          : other.equals("String")
                              ? TextNode.valueOf("x")
                              : NODES.objectNode().put("text", "x");
                  ((ObjectNode) o).set(stem + other, v);
                });
          }
        }
      }
    }
    if (!path.isEmpty()) {
      duplicateKey(path, object, true);
      duplicateKey(path, object, false);
    }
  }

  private void mutateValue(List<Object> path, JsonNode value) {
    replace("null", path, NODES.nullNode());
    if (value.isTextual()) {
      String text = value.textValue();
      replace("wrong type", path, NODES.numberNode(1));
      replace("wrong type", path, NODES.booleanNode(true));
      replace("empty string", path, TextNode.valueOf(""));
      replace("bad code", path, TextNode.valueOf("not-a-code-" + text.length()));
      replace("bad code", path, TextNode.valueOf(" " + text));
      replace("bad format", path, TextNode.valueOf("bad id!"));
      replace("bad format", path, TextNode.valueOf("x\u000By"));
      if (text.length() >= 4 && Character.isDigit(text.charAt(0))) {
        replace("bad date", path, TextNode.valueOf("2021-02-30"));
        replace("bad date", path, TextNode.valueOf("2021-13-01"));
        replace("bad date", path, TextNode.valueOf("2021-01-01T25:00:00Z"));
        replace("bad date", path, TextNode.valueOf("2021-01-01T10:00:00"));
      }
    } else if (value.isNumber()) {
      replace("wrong type", path, TextNode.valueOf(value.asText()));
      replace("bad number", path, NODES.numberNode(new java.math.BigDecimal("1.5")));
      replace("bad number", path, NODES.numberNode(-1));
      replace("bad number", path, NODES.numberNode(0));
      replace("bad number", path, NODES.numberNode(3_000_000_000L));
    } else if (value.isBoolean()) {
      replace("wrong type", path, TextNode.valueOf("true"));
    } else if (value.isObject()) {
      replace("wrong type", path, TextNode.valueOf("x"));
    }
    if (value.isArray()) {
      replace("empty array", path, NODES.arrayNode());
      if (!value.isEmpty()) {
        replace("single for array", path, value.get(0).deepCopy());
        ArrayNode withNull = ((ArrayNode) value).deepCopy();
        withNull.add(NODES.nullNode());
        replace("null item", path, withNull);
      }
    } else {
      replace("array for single", path, NODES.arrayNode().add(value.deepCopy()));
    }
  }

  /** Mutations of the text: invalid UTF-8, trailing content, whitespace (valid, not canonical). */
  private void text() {
    String line = FhirJson.write(original);
    add("trailing content", line + "{}");
    add("pretty", FhirJson.writePretty(original));
    int at = line.indexOf("\":\"", line.indexOf("\"id\""));
    if (at > 0) {
      byte[] head = line.substring(0, at + 3).getBytes(StandardCharsets.UTF_8);
      byte[] rest = line.substring(at + 3).getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.writeBytes(head);
      b.write(0xC3);
      b.write('(');
      b.writeBytes(rest);
      out.accept(new Mutation("invalid utf-8", b.toByteArray()));
    }
    add("duplicate resourceType", line.replaceFirst("\\{", "{\"resourceType\":\"Patient\","));
  }

  /** The object with its first (or last) field written twice, as text: a tree cannot hold it. */
  private void duplicateKey(List<Object> path, ObjectNode object, boolean first) {
    if (object.isEmpty()) {
      return;
    }
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
    Map.Entry<String, JsonNode> field = fields.get(first ? 0 : fields.size() - 1);
    String pair = FhirJson.write(NODES.objectNode().set(field.getKey(), field.getValue()));
    String objectText = FhirJson.write(object);
    String twice = "{" + pair.substring(1, pair.length() - 1) + "," + objectText.substring(1);
    ObjectNode copy = original.deepCopy();
    set(copy, path, TextNode.valueOf(MARK));
    add("duplicate key", FhirJson.write(copy).replace("\"" + MARK + "\"", twice));
  }

  private void replace(String kind, List<Object> path, JsonNode value) {
    ObjectNode copy = original.deepCopy();
    set(copy, path, value);
    add(kind, FhirJson.write(copy));
  }

  private void edit(String kind, List<Object> path, BiConsumer<ObjectNode, JsonNode> change) {
    ObjectNode copy = original.deepCopy();
    change.accept(copy, at(copy, path));
    add(kind, FhirJson.write(copy));
  }

  private void add(String kind, String line) {
    out.accept(new Mutation(kind, line.getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonNode at(JsonNode root, List<Object> path) {
    JsonNode node = root;
    for (Object step : path) {
      node = step instanceof String key ? node.get(key) : node.get((Integer) step);
    }
    return node;
  }

  private static void set(ObjectNode root, List<Object> path, JsonNode value) {
    JsonNode parent = at(root, path.subList(0, path.size() - 1));
    Object last = path.get(path.size() - 1);
    if (last instanceof String key) {
      ((ObjectNode) parent).set(key, value);
    } else {
      ((ArrayNode) parent).set((Integer) last, value);
    }
  }

  private static List<Object> append(List<Object> path, Object step) {
    List<Object> child = new ArrayList<>(path);
    child.add(step);
    return child;
  }

  private static int firstUpper(String name) {
    for (int i = 1; i < name.length(); i++) {
      if (Character.isUpperCase(name.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
