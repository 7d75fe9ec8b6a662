package health.custodian.records.internal.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The compiled shape of one complex type, resource or inline backbone element: which JSON
 * properties it may hold.
 *
 * <p>Types refer to each other in cycles (Extension.extension is an Extension, Questionnaire.item
 * contains items), so the compiler creates every type first and {@link #define defines} it once
 * afterwards. The model is published to validating threads only after compilation, through a {@link
 * java.util.concurrent.CompletableFuture}, which orders these writes before any read.
 */
final class TypeModel {

  private final String name;
  private final Kind kind;

  /** Kept for {@link #choiceWithStem}, which explains errors and iterates in this map's order. */
  private final Map<String, Property> properties = new HashMap<>();

  private PropertyTable lookup = PropertyTable.of(Map.of());
  private PropertyTable shadows = PropertyTable.of(Map.of());
  private List<ElementModel> required = List.of();
  private long requiredMask;

  enum Kind {
    COMPLEX,
    RESOURCE,
    BACKBONE
  }

  TypeModel(String name, Kind kind) {
    this.name = name;
    this.kind = kind;
  }

  void define(
      Map<String, Property> props, Map<String, Property> shadowProps, List<ElementModel> req) {
    properties.putAll(props);
    lookup = PropertyTable.of(props);
    shadows = PropertyTable.of(shadowProps);
    required = List.copyOf(req);
    long mask = 0;
    for (ElementModel e : required) {
      mask |= 1L << e.requiredBit();
    }
    requiredMask = mask;
  }

  String name() {
    return name;
  }

  Kind kind() {
    return kind;
  }

  boolean isExtension() {
    return kind == Kind.COMPLEX && name.equals("Extension");
  }

  @Nullable Property property(String jsonName) {
    return lookup.get(jsonName);
  }

  /** The primitive element behind a {@code _name} property (R4 JSON §2.6.2.2), if any. */
  @Nullable Property shadow(String jsonName) {
    return shadows.get(jsonName);
  }

  List<ElementModel> required() {
    return required;
  }

  long requiredMask() {
    return requiredMask;
  }

  /** Names starting with the stem of a choice element, used only to explain an error. */
  @Nullable ElementModel choiceWithStem(String jsonName) {
    for (Property p : properties.values()) {
      ElementModel e = p.element();
      if (e.choice()
          && jsonName.length() > e.name().length()
          && jsonName.startsWith(e.name())
          && Character.isUpperCase(jsonName.charAt(e.name().length()))) {
        return e;
      }
    }
    return null;
  }
}
