package health.custodian.records.internal.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A JSON Patch document (RFC 6902), validated once by {@link #parse(JsonNode)} and then applied to
 * any number of resources.
 *
 * <p>Instances are immutable: the operation values are deep copies of the patch document, and
 * {@link #apply(ObjectNode)} works on a deep copy of its target and inserts fresh copies of the
 * values, so neither the patch nor the input tree is ever shared with or changed by the result.
 * Applying to a copy also makes application atomic as RFC 6902 §5 requires: on an error the caller
 * still holds the untouched original.
 *
 * <p>Error messages name operations and pointers but never include document values, which may be
 * patient data.
 */
public final class JsonPatch {

  static final String INVALID_PATCH = "invalid-patch";
  static final String TEST_FAILED = "patch-test-failed";
  static final String PATH_NOT_FOUND = "patch-path-not-found";
  static final String RESULT_NOT_OBJECT = "patch-result-not-object";

  /** The six operations of RFC 6902 §4, with the members each one requires. */
  private enum Op {
    ADD(true, false),
    REMOVE(false, false),
    REPLACE(true, false),
    MOVE(false, true),
    COPY(false, true),
    TEST(true, false);

    final boolean needsValue;
    final boolean needsFrom;

    Op(boolean needsValue, boolean needsFrom) {
      this.needsValue = needsValue;
      this.needsFrom = needsFrom;
    }

    String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One validated operation; {@code index} is its position in the patch array, for errors. */
  private record Operation(
      int index, Op op, JsonPointer path, @Nullable JsonPointer from, @Nullable JsonNode value) {

    String expression() {
      return "Patch[" + index + "]";
    }
  }

  private final List<Operation> operations;

  private JsonPatch(List<Operation> operations) {
    this.operations = List.copyOf(operations);
  }

  /**
   * Validates a patch document.
   *
   * @throws FhirException 400 {@code invalid-patch} if the document is not an array of well-formed
   *     operations (RFC 6902 §3, §4)
   */
  public static JsonPatch parse(JsonNode patchDocument) {
    if (!patchDocument.isArray()) {
      // RFC 6902 §3: "A JSON Patch document is a JSON document that represents an array of
      // objects".
      throw FhirException.badRequest(
          INVALID_PATCH, "A JSON Patch document must be a JSON array of operations", "Patch");
    }
    List<Operation> operations = new ArrayList<>(patchDocument.size());
    for (int i = 0; i < patchDocument.size(); i++) {
      operations.add(parseOperation(i, patchDocument.get(i)));
    }
    return new JsonPatch(operations);
  }

  private static Operation parseOperation(int index, JsonNode node) {
    if (!node.isObject()) {
      throw invalid(index, "the operation must be a JSON object");
    }
    // RFC 6902 §4: members that are not defined for the operation are ignored (see A.11).
    JsonNode opNode = node.get("op");
    if (opNode == null || !opNode.isTextual()) {
      throw invalid(index, "the operation has no 'op' string member");
    }
    Op op = opNamed(opNode.asText());
    if (op == null) {
      // Echoing the op name is safe: it is protocol text, not resource content.
      throw invalid(index, "unknown op '" + opNode.asText() + "' (RFC 6902 section 4)");
    }
    JsonPointer path = pointerMember(index, op, node, "path");
    JsonPointer from = op.needsFrom ? pointerMember(index, op, node, "from") : null;
    JsonNode value = null;
    if (op.needsValue) {
      // RFC 6902 §4.1/§4.3/§4.6: "value" is required but may be any JSON value, including null.
      value = node.get("value");
      if (value == null || value.isMissingNode()) {
        throw invalid(index, "'" + op.code() + "' requires a 'value' member");
      }
      value = value.deepCopy();
    }
    if (op == Op.REMOVE && path.isRoot()) {
      throw invalid(index, "'remove' cannot remove the whole resource");
    }
    if ((op == Op.ADD || op == Op.REPLACE) && path.isRoot() && value != null && !value.isObject()) {
      throw invalid(index, "the whole resource can only be replaced by a JSON object");
    }
    if (op == Op.MOVE && from != null && path.isProperDescendantOf(from)) {
      // RFC 6902 §4.4: "The 'from' location MUST NOT be a proper prefix of the 'path' location".
      throw invalid(index, "'move' cannot move a value into one of its own children");
    }
    return new Operation(index, op, path, from, value);
  }

  private static @Nullable Op opNamed(String name) {
    for (Op op : Op.values()) {
      if (op.code().equals(name)) {
        return op;
      }
    }
    return null;
  }

  private static JsonPointer pointerMember(int index, Op op, JsonNode node, String member) {
    JsonNode text = node.get(member);
    if (text == null || !text.isTextual()) {
      throw invalid(index, "'" + op.code() + "' requires a '" + member + "' string member");
    }
    try {
      return JsonPointer.parse(text.asText());
    } catch (IllegalArgumentException e) {
      throw invalid(index, "'" + member + "' is not a valid JSON Pointer: " + e.getMessage());
    }
  }

  /**
   * Applies the operations in order to a copy of {@code target} (RFC 6902 §3).
   *
   * @return the patched resource; {@code target} is left unchanged
   * @throws FhirException 422 {@code patch-test-failed} when a {@code test} operation fails, 422
   *     {@code patch-path-not-found} when a location that must exist does not
   */
  public ObjectNode apply(ObjectNode target) {
    JsonNode document = target.deepCopy();
    for (Operation operation : operations) {
      document = applyOne(document, operation);
    }
    if (!document.isObject()) {
      throw new FhirException(
          422,
          RESULT_NOT_OBJECT,
          "processing",
          "The patch did not produce a JSON object",
          List.of("Patch"));
    }
    return (ObjectNode) document;
  }

  /** Applies one operation and returns the (possibly replaced) document root. */
  private static JsonNode applyOne(JsonNode document, Operation operation) {
    return switch (operation.op) {
      case ADD -> add(document, operation.path, valueOf(operation).deepCopy(), operation);
      case REMOVE -> {
        remove(document, operation.path, operation);
        yield document;
      }
      case REPLACE -> replace(document, operation.path, valueOf(operation).deepCopy(), operation);
      case MOVE -> {
        JsonPointer from = fromOf(operation);
        if (from.equals(operation.path)) {
          // Moving a value onto itself changes nothing, but the location must still exist.
          resolve(document, from, operation);
          yield document;
        }
        // RFC 6902 §4.4: functionally identical to a remove from "from" then an add at "path".
        JsonNode moved = remove(document, from, operation);
        yield add(document, operation.path, moved, operation);
      }
      case COPY -> {
        JsonNode copied = resolve(document, fromOf(operation), operation).deepCopy();
        yield add(document, operation.path, copied, operation);
      }
      case TEST -> {
        JsonNode actual = resolve(document, operation.path, operation);
        if (!jsonEquals(actual, valueOf(operation))) {
          throw new FhirException(
              422,
              TEST_FAILED,
              "processing",
              "Patch operation "
                  + operation.index
                  + " ('test'): the value at '"
                  + operation.path
                  + "' is not the expected value",
              List.of(operation.expression()));
        }
        yield document;
      }
    };
  }

  private static JsonNode valueOf(Operation operation) {
    JsonNode value = operation.value;
    if (value == null) {
      throw new IllegalStateException("validated operation without a value");
    }
    return value;
  }

  private static JsonPointer fromOf(Operation operation) {
    JsonPointer from = operation.from;
    if (from == null) {
      throw new IllegalStateException("validated operation without a from");
    }
    return from;
  }

  /** RFC 6902 §4.1; also the second half of move and copy. */
  private static JsonNode add(
      JsonNode document, JsonPointer path, JsonNode value, Operation operation) {
    if (path.isRoot()) {
      return value;
    }
    JsonNode parent = resolve(document, path.parent(), operation);
    String token = path.last();
    if (parent instanceof ObjectNode object) {
      // Adding an existing member replaces it (§4.1).
      object.set(token, value);
    } else if (parent instanceof ArrayNode array) {
      if (JsonPointer.END_OF_ARRAY.equals(token)) {
        array.add(value);
      } else {
        int index = JsonPointer.arrayIndex(token);
        // §4.1: "The specified index MUST NOT be greater than the number of elements".
        if (index < 0 || index > array.size()) {
          throw notFound(operation, path);
        }
        array.insert(index, value);
      }
    } else {
      throw notFound(operation, path);
    }
    return document;
  }

  /** RFC 6902 §4.2; returns the removed value so that move can re-add it. */
  private static JsonNode remove(JsonNode document, JsonPointer path, Operation operation) {
    JsonNode parent = resolve(document, path.parent(), operation);
    String token = path.last();
    if (parent instanceof ObjectNode object && object.has(token)) {
      return object.remove(token);
    }
    if (parent instanceof ArrayNode array) {
      int index = JsonPointer.arrayIndex(token);
      if (index >= 0 && index < array.size()) {
        return array.remove(index);
      }
    }
    throw notFound(operation, path);
  }

  /** RFC 6902 §4.3: the target location MUST exist. */
  private static JsonNode replace(
      JsonNode document, JsonPointer path, JsonNode value, Operation operation) {
    if (path.isRoot()) {
      return value;
    }
    JsonNode parent = resolve(document, path.parent(), operation);
    String token = path.last();
    if (parent instanceof ObjectNode object && object.has(token)) {
      object.set(token, value);
      return document;
    }
    if (parent instanceof ArrayNode array) {
      int index = JsonPointer.arrayIndex(token);
      if (index >= 0 && index < array.size()) {
        array.set(index, value);
        return document;
      }
    }
    throw notFound(operation, path);
  }

  /** Evaluates a pointer (RFC 6901 §4); every token must name an existing value. */
  private static JsonNode resolve(JsonNode document, JsonPointer pointer, Operation operation) {
    JsonNode current = document;
    for (String token : pointer.tokens()) {
      JsonNode next = null;
      if (current.isObject()) {
        next = current.get(token);
      } else if (current.isArray()) {
        // "-" and malformed indexes like "01" fall out here as -1: they name no element.
        int index = JsonPointer.arrayIndex(token);
        next = index >= 0 ? current.get(index) : null;
      }
      if (next == null) {
        throw notFound(operation, pointer);
      }
      current = next;
    }
    return current;
  }

  /**
   * Equality for the test operation (RFC 6902 §4.6): numbers compare by numeric value (so {@code 1}
   * equals {@code 1.0}), object member order is irrelevant, and no type conversion happens (the
   * string {@code "10"} is not the number {@code 10}, see A.15).
   */
  static boolean jsonEquals(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      if (!isFinite(a) || !isFinite(b)) {
        return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
      }
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.getNodeType() != b.getNodeType()) {
      return false;
    }
    if (a.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> field : a.properties()) {
        JsonNode other = b.get(field.getKey());
        if (other == null || !jsonEquals(field.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!jsonEquals(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /** Trees built without exact decimals may hold NaN or infinities, which BigDecimal cannot. */
  private static boolean isFinite(JsonNode number) {
    return !(number.isDouble() || number.isFloat()) || Double.isFinite(number.doubleValue());
  }

  private static FhirException invalid(int index, String message) {
    return FhirException.badRequest(
        INVALID_PATCH, "Invalid patch operation " + index + ": " + message, "Patch[" + index + "]");
  }

  private static FhirException notFound(Operation operation, JsonPointer pointer) {
    return new FhirException(
        422,
        PATH_NOT_FOUND,
        "processing",
        "Patch operation "
            + operation.index
            + " ('"
            + operation.op.code()
            + "'): the path '"
            + pointer
            + "' does not exist",
        List.of(operation.expression()));
  }

  /** Number of operations, mainly for diagnostics. */
  public int size() {
    return operations.size();
  }

  @Override
  public String toString() {
    return "JsonPatch[" + operations.size() + " operations]";
  }
}
