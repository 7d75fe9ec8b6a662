package health.custodian.records.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.internal.validation.ValidationIssue.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One validation of one resource tree against the compiled model (single use, single thread).
 *
 * <p>The FHIRPath-like location is kept as a stack of element names and item indexes ({@link
 * ElementPath}) that grows and shrinks as the walk goes down and up; its text is only made for
 * issues, so the valid path allocates almost nothing and copies no characters.
 */
final class ValidationRun {

  private final FhirModel model;
  private final ElementPath path = new ElementPath();
  private final List<ValidationIssue> issues = new ArrayList<>(4);

  ValidationRun(FhirModel model) {
    this.model = model;
  }

  List<ValidationIssue> run(ObjectNode resource) {
    JsonNode type = resource.get("resourceType");
    TypeModel model =
        type != null && type.isTextual() ? this.model.resource(type.textValue()) : null;
    if (model == null) {
      String why = type == null ? "missing" : "not a known R4 resource type";
      error("structure", "resourceType", "resourceType is " + why + shown(type));
      return issues;
    }
    path.push(model.name());
    object(resource, model, true);
    return issues;
  }

  /** A resource inside another one: contained, Bundle.entry.resource, Parameters...resource. */
  private void nestedResource(JsonNode node, boolean inContained) {
    if (!node.isObject()) {
      error("structure", path.toString(), "a resource must be a JSON object");
      return;
    }
    JsonNode type = node.get("resourceType");
    TypeModel model =
        type != null && type.isTextual() ? this.model.resource(type.textValue()) : null;
    if (model == null) {
      String why = type == null ? "missing" : "not a known R4 resource type";
      error("structure", path + ".resourceType", "resourceType is " + why + shown(type));
      return;
    }
    if (inContained) {
      Invariants.contained(this, (ObjectNode) node);
    }
    object((ObjectNode) node, model, true);
  }

  private void object(ObjectNode node, TypeModel type, boolean resource) {
    if (node.isEmpty()) {
      // R4 JSON §2.6.2: objects are never empty.
      error("structure", path.toString(), "must not be an empty object");
      return;
    }
    long seenRequired = 0;
    long seenChoices = 0;
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String name = field.getKey();
      if (resource && name.equals("resourceType")) {
        continue;
      }
      Property p = type.property(name);
      boolean shadow = false;
      if (p == null) {
        p = type.shadow(name);
        shadow = true;
      }
      if (p == null) {
        unknown(type, name);
        continue;
      }
      ElementModel e = p.element();
      if (e.requiredBit() >= 0) {
        seenRequired |= 1L << e.requiredBit();
      }
      if (shadow) {
        shadow(node, name, p, field.getValue());
        continue;
      }
      if (e.choiceBit() >= 0) {
        long bit = 1L << e.choiceBit();
        if ((seenChoices & bit) != 0) {
          error(
              "structure",
              path + "." + name,
              "only one type of " + e.name() + "[x] may be present (R4 JSON §2.6.2.3)");
        }
        seenChoices |= bit;
      }
      value(node, name, p, field.getValue());
    }
    if (seenRequired != type.requiredMask()) {
      for (ElementModel e : type.required()) {
        if ((seenRequired & (1L << e.requiredBit())) == 0) {
          String name = e.choice() ? e.name() + "[x]" : e.name();
          error("required", path + "." + name, "missing required element " + e.path());
        }
      }
    }
    if (type.isExtension()) {
      Invariants.extension(this, node);
    }
  }

  // Type tests rather than JsonNode.isNull()/isArray()/isObject(): those call getNodeType(), a
  // megamorphic call on every value of every resource; each node class has exactly one node type.
  private void value(ObjectNode parent, String name, Property p, JsonNode value) {
    int mark = path.depth();
    path.push(name);
    ElementModel e = p.element();
    if (value instanceof NullNode) {
      error("structure", path.toString(), "must not be null");
    } else if (e.isArray()) {
      if (!(value instanceof ArrayNode)) {
        error("structure", path.toString(), "must be a JSON array (cardinality " + card(e) + ")");
      } else if (value.isEmpty()) {
        error("structure", path.toString(), "must not be an empty array");
      } else {
        if (value.size() > e.max()) {
          error("structure", path.toString(), "has more than " + e.maxText() + " items");
        }
        JsonNode shadow = p.primitive() == null ? null : parent.get(p.shadowName());
        for (int i = 0; i < value.size(); i++) {
          int itemMark = path.depth();
          path.pushIndex(i);
          JsonNode item = value.get(i);
          if (item instanceof NullNode && p.primitive() == null) {
            error("structure", path.toString(), "must not be null");
          } else if (item instanceof NullNode) {
            // R4 JSON §2.6.2.2: null only stands in for a value whose _name item carries content.
            if (shadow == null
                || !shadow.isArray()
                || shadow.path(i).isNull()
                || shadow.path(i).isMissingNode()) {
              error(
                  "structure",
                  path.toString(),
                  "null without matching " + p.shadowName() + " item");
            }
          } else {
            item(p, item);
          }
          path.popTo(itemMark);
        }
      }
    } else if (value instanceof ArrayNode) {
      error("structure", path.toString(), "must not be a JSON array (cardinality " + card(e) + ")");
    } else {
      item(p, value);
    }
    path.popTo(mark);
  }

  private void item(Property p, JsonNode item) {
    PrimitiveType primitive = p.primitive();
    if (primitive != null) {
      String problem = primitive.check(item);
      if (problem != null) {
        error("value", path.toString(), p.typeCode() + " value " + problem);
      } else if (p.element().binding() != null && primitive.check() == PrimitiveType.Check.CODE) {
        Bindings.code(this, p.element(), item.textValue());
      }
      return;
    }
    if (p.resource()) {
      nestedResource(item, p.element().name().equals("contained"));
      return;
    }
    TypeModel complex = p.complex();
    if (complex == null) {
      return;
    }
    if (!(item instanceof ObjectNode)) {
      error("structure", path.toString(), "must be a JSON object (" + p.typeCode() + ")");
      return;
    }
    object((ObjectNode) item, complex, false);
    CodeSet binding = p.element().binding();
    if (binding != null) {
      Bindings.complex(this, p.typeCode(), binding, (ObjectNode) item);
    }
  }

  /**
   * The {@code _name} sibling of a primitive: an Element, or an array of them (R4 JSON §2.6.2.2).
   */
  private void shadow(ObjectNode parent, String name, Property p, JsonNode value) {
    int mark = path.depth();
    path.push(name);
    String base = name.substring(1);
    if (!p.element().isArray()) {
      if (!value.isObject()) {
        error("structure", path.toString(), "must be a JSON object");
      } else {
        object((ObjectNode) value, model.element(), false);
      }
    } else if (!value.isArray() || value.isEmpty()) {
      error("structure", path.toString(), "must be a non-empty JSON array");
    } else {
      JsonNode values = parent.get(base);
      if (values != null && values.isArray() && values.size() != value.size()) {
        error("structure", path.toString(), "must have as many items as " + base);
      }
      for (int i = 0; i < value.size(); i++) {
        int itemMark = path.depth();
        path.pushIndex(i);
        JsonNode item = value.get(i);
        if (item.isNull()) {
          if (values == null || !values.isArray() || values.path(i).isNull()) {
            error("structure", path.toString(), "null without a matching " + base + " value");
          }
        } else if (!item.isObject()) {
          error("structure", path.toString(), "must be a JSON object or null");
        } else {
          object((ObjectNode) item, model.element(), false);
        }
        path.popTo(itemMark);
      }
    }
    path.popTo(mark);
  }

  private void unknown(TypeModel type, String name) {
    ElementModel choice = type.choiceWithStem(name);
    String where = type.kind() == TypeModel.Kind.BACKBONE ? type.name() : "type " + type.name();
    String message =
        choice != null
            ? "type "
                + name.substring(choice.name().length())
                + " is not allowed for "
                + choice.path()
            : "unknown element " + Formats.show(name) + " in " + where;
    error("structure", path + "." + name, message);
  }

  void error(String type, String expression, String message) {
    issues.add(new ValidationIssue(Severity.ERROR, type, expression, message));
  }

  String path() {
    return path.toString();
  }

  private static String card(ElementModel e) {
    return e.min() + ".." + e.maxText();
  }

  private static String shown(@Nullable JsonNode type) {
    return type != null && type.isTextual() ? " (" + Formats.show(type.textValue()) + ")" : "";
  }
}
