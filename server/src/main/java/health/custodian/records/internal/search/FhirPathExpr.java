package health.custodian.records.internal.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A compiled FHIRPath expression of the supported subset, evaluated directly on Jackson trees.
 * {@link #eval} maps the focus collection (the resource at the top, each item inside {@code where})
 * to the result collection. Empty results propagate as in FHIRPath N1 section 5.
 */
sealed interface FhirPathExpr {

  List<FhirPathItem> eval(List<FhirPathItem> focus);

  /** The current focus ({@code $this}): the start of a path that begins with a member name. */
  record Focus() implements FhirPathExpr {
    @Override
    public List<FhirPathItem> eval(List<FhirPathItem> focus) {
      return focus;
    }
  }

  /** A leading type name, {@code Patient.name}: keeps focus items of that type. */
  record TypeRoot(String type) implements FhirPathExpr {
    @Override
    public List<FhirPathItem> eval(List<FhirPathItem> focus) {
      List<FhirPathItem> out = new ArrayList<>(1);
      for (FhirPathItem item : focus) {
        String t = item.type();
        boolean anyResource =
            (type.equals("Resource") || type.equals("DomainResource"))
                && item.node().has("resourceType");
        if (anyResource || type.equals(t)) {
          out.add(item);
        }
      }
      return out;
    }
  }

  /**
   * Child navigation; a missing name falls back to choice keys, {@code value} to {@code valueX}.
   */
  record Member(FhirPathExpr source, String name) implements FhirPathExpr {
    @Override
    public List<FhirPathItem> eval(List<FhirPathItem> focus) {
      List<FhirPathItem> out = new ArrayList<>();
      for (FhirPathItem item : source.eval(focus)) {
        JsonNode node = item.node();
        if (!node.isObject()) {
          continue;
        }
        JsonNode child = node.get(name);
        if (child != null) {
          addAll(out, child, null);
          continue;
        }
        // Choice elements (R4 2.24.0.1 "Choice of Data Types"): name + type suffix as the key.
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> f = fields.next();
          String key = f.getKey();
          if (key.length() > name.length() && key.startsWith(name)) {
            String type = FhirTypes.choiceSuffixType(key.substring(name.length()));
            if (type != null) {
              addAll(out, f.getValue(), type);
            }
          }
        }
      }
      return out;
    }

    private static void addAll(List<FhirPathItem> out, JsonNode child, @Nullable String type) {
      if (child.isArray()) {
        for (JsonNode e : child) {
          if (!e.isNull()) {
            out.add(new FhirPathItem(e, type));
          }
        }
      } else if (!child.isNull()) {
        out.add(new FhirPathItem(child, type));
      }
    }
  }

  record Index(FhirPathExpr source, int index) implements FhirPathExpr {
    @Override
    public List<FhirPathItem> eval(List<FhirPathItem> focus) {
      List<FhirPathItem> items = source.eval(focus);
      return index >= 0 && index < items.size() ? List.of(items.get(index)) : List.of();
    }
  }

  record First(FhirPathExpr source) implements FhirPathExpr {
    @Override
    public List<FhirPathItem> eval(List<FhirPathItem> focus) {
      List<FhirPathItem> items = source.eval(focus);
      return items.isEmpty() ? List.of() : List.of(items.get(0));
    }
  }

  record Union(List<FhirPathExpr> parts) implements FhirPathExpr {
    @Override
    public List<FhirPathItem> eval(List<FhirPathItem> focus) {
      // Union removes duplicates by equality; index rows are deduplicated later instead.
      List<FhirPathItem> out = new ArrayList<>();
      for (FhirPathExpr p : parts) {
        out.addAll(p.eval(focus));
      }
      return out;
    }
  }

  /** {@code x as T}, {@code x.as(T)}, {@code x.ofType(T)}: items of that type. */
  record AsType(FhirPathExpr source, String type) implements FhirPathExpr {
    @Override
    public List<FhirPathItem> eval(List<FhirPathItem> focus) {
      List<FhirPathItem> out = new ArrayList<>();
      for (FhirPathItem item : source.eval(focus)) {
        String t = item.type();
        // Non-choice element types are unknown without the model; the expression's author
        // asserted the type, so such items pass.
        if (t == null || FhirTypes.sameType(t, type)) {
          out.add(item);
        }
      }
      return out;
    }
  }

  record IsType(FhirPathExpr source, String type) implements FhirPathExpr {
    @Override
    public List<FhirPathItem> eval(List<FhirPathItem> focus) {
      List<FhirPathItem> items = source.eval(focus);
      if (items.size() != 1) {
        return List.of();
      }
      String t = items.get(0).type();
      return bool(t != null && FhirTypes.sameType(t, type));
    }
  }

  /**
   * {@code resolve()} without a database: the item stays the Reference, typed by the target type
   * written in the reference ({@code Patient/1} or {@code http://x/fhir/Patient/1}), which is all
   * {@code where(resolve() is Patient)} needs.
   */
  record Resolve(FhirPathExpr source) implements FhirPathExpr {
    @Override
    public List<FhirPathItem> eval(List<FhirPathItem> focus) {
      List<FhirPathItem> out = new ArrayList<>();
      for (FhirPathItem item : source.eval(focus)) {
        JsonNode ref = item.node().isTextual() ? item.node() : item.node().get("reference");
        if (ref != null && ref.isTextual()) {
          String type = ReferenceValue.targetType(ref.asText());
          if (type != null) {
            out.add(new FhirPathItem(item.node(), type));
          }
        }
      }
      return out;
    }
  }

  record Where(FhirPathExpr source, FhirPathExpr criteria) implements FhirPathExpr {
    @Override
    public List<FhirPathItem> eval(List<FhirPathItem> focus) {
      List<FhirPathItem> out = new ArrayList<>();
      for (FhirPathItem item : source.eval(focus)) {
        if (isTrue(criteria.eval(List.of(item)))) {
          out.add(item);
        }
      }
      return out;
    }
  }

  record Exists(FhirPathExpr source, @Nullable FhirPathExpr criteria) implements FhirPathExpr {
    @Override
    public List<FhirPathItem> eval(List<FhirPathItem> focus) {
      List<FhirPathItem> items = source.eval(focus);
      if (criteria == null) {
        return bool(!items.isEmpty());
      }
      for (FhirPathItem item : items) {
        if (isTrue(criteria.eval(List.of(item)))) {
          return bool(true);
        }
      }
      return bool(false);
    }
  }

  record Not(FhirPathExpr source) implements FhirPathExpr {
    @Override
    public List<FhirPathItem> eval(List<FhirPathItem> focus) {
      Boolean b = singletonBoolean(source.eval(focus));
      return b == null ? List.of() : bool(!b);
    }
  }

  /** {@code extension('url')}: the extensions with that url. */
  record Extension(FhirPathExpr source, String url) implements FhirPathExpr {
    @Override
    public List<FhirPathItem> eval(List<FhirPathItem> focus) {
      List<FhirPathItem> out = new ArrayList<>();
      for (FhirPathItem item : source.eval(focus)) {
        JsonNode ext = item.node().get("extension");
        if (ext != null && ext.isArray()) {
          for (JsonNode e : ext) {
            if (url.equals(e.path("url").asText(null))) {
              out.add(new FhirPathItem(e, "Extension"));
            }
          }
        }
      }
      return out;
    }
  }

  record Literal(JsonNode value) implements FhirPathExpr {
    @Override
    public List<FhirPathItem> eval(List<FhirPathItem> focus) {
      return List.of(new FhirPathItem(value, null));
    }
  }

  /** {@code =} and {@code !=} (FHIRPath 6.1.1): empty if either side is empty. */
  record Equality(FhirPathExpr left, FhirPathExpr right, boolean negate) implements FhirPathExpr {
    @Override
    public List<FhirPathItem> eval(List<FhirPathItem> focus) {
      List<FhirPathItem> l = left.eval(focus);
      List<FhirPathItem> r = right.eval(focus);
      if (l.isEmpty() || r.isEmpty()) {
        return List.of();
      }
      boolean equal = l.size() == r.size();
      for (int i = 0; equal && i < l.size(); i++) {
        equal = valueEquals(l.get(i).node(), r.get(i).node());
      }
      return bool(equal != negate);
    }

    private static boolean valueEquals(JsonNode a, JsonNode b) {
      if (a.isNumber() && b.isNumber()) {
        return a.decimalValue().compareTo(b.decimalValue()) == 0;
      }
      return a.equals(b);
    }
  }

  /** Three-valued {@code and} (FHIRPath 6.5.1). */
  record And(FhirPathExpr left, FhirPathExpr right) implements FhirPathExpr {
    @Override
    public List<FhirPathItem> eval(List<FhirPathItem> focus) {
      Boolean l = singletonBoolean(left.eval(focus));
      if (Boolean.FALSE.equals(l)) {
        return bool(false);
      }
      Boolean r = singletonBoolean(right.eval(focus));
      if (Boolean.FALSE.equals(r)) {
        return bool(false);
      }
      return l == null || r == null ? List.of() : bool(true);
    }
  }

  /** Three-valued {@code or} (FHIRPath 6.5.2). */
  record Or(FhirPathExpr left, FhirPathExpr right) implements FhirPathExpr {
    @Override
    public List<FhirPathItem> eval(List<FhirPathItem> focus) {
      Boolean l = singletonBoolean(left.eval(focus));
      if (Boolean.TRUE.equals(l)) {
        return bool(true);
      }
      Boolean r = singletonBoolean(right.eval(focus));
      if (Boolean.TRUE.equals(r)) {
        return bool(true);
      }
      return l == null || r == null ? List.of() : bool(false);
    }
  }

  private static List<FhirPathItem> bool(boolean value) {
    return List.of(new FhirPathItem(BooleanNode.valueOf(value), "boolean"));
  }

  private static @Nullable Boolean singletonBoolean(List<FhirPathItem> items) {
    if (items.size() != 1) {
      return null;
    }
    JsonNode n = items.get(0).node();
    // A single non-boolean item counts as true (FHIRPath 4.5 "Singleton Evaluation").
    return n.isBoolean() ? n.booleanValue() : Boolean.TRUE;
  }

  private static boolean isTrue(List<FhirPathItem> items) {
    return Boolean.TRUE.equals(singletonBoolean(items));
  }
}
