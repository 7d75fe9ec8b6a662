package health.custodian.records.internal.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Enumerations.BindingStrength;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionKind;
import org.hl7.fhir.r4.model.StructureDefinition.TypeDerivationRule;
import org.jspecify.annotations.Nullable;

/**
 * Compiles the core R4 StructureDefinitions (snapshots) into a {@link FhirModel}.
 *
 * <p>Only the base definitions are used: specializations and the abstract roots (Element,
 * Resource...). Constraining profiles (vital signs, SimpleQuantity...) and logical models are not
 * part of the base structure every write must satisfy.
 */
final class ModelCompiler {

  private static final String REGEX_EXT = "http://hl7.org/fhir/StructureDefinition/regex";
  private static final String FHIR_TYPE_EXT =
      "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type";
  private static final String SYSTEM_TYPE_PREFIX = "http://hl7.org/fhirpath/System.";

  /** Primitive types checked through their StructureDefinition regex; the others by hand. */
  private static final Set<String> REGEX_TYPES =
      Set.of("date", "dateTime", "instant", "time", "id", "oid", "uuid");

  private final ValueSetExpander expander;
  private final Map<String, PrimitiveType> primitives = new HashMap<>();
  private final Map<String, TypeModel> types = new HashMap<>();
  private final Map<String, TypeModel> backbones = new HashMap<>();

  private ModelCompiler(IValidationSupport support) {
    this.expander = new ValueSetExpander(support);
  }

  /**
   * Compiles the core model from the definitions bundled in hapi-fhir-validation-resources-r4.
   *
   * <p>Reads only the two bundles holding the base types and resources, rather than all
   * StructureDefinitions through DefaultProfileValidationSupport, which also parses the profile and
   * extension bundles (another 11 MB of XML) that this model never uses. Value sets and code
   * systems come from DefaultProfileValidationSupport, loaded on first use.
   */
  static FhirModel compileCore() {
    FhirContext context = FhirContext.forR4Cached();
    List<StructureDefinition> definitions = new ArrayList<>();
    for (String file : List.of("profiles-types.xml", "profiles-resources.xml")) {
      String resource = "/org/hl7/fhir/r4/model/profile/" + file;
      try (InputStream in = ModelCompiler.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(resource + " is not on the classpath");
        }
        Bundle bundle = context.newXmlParser().parseResource(Bundle.class, in);
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
          if (entry.getResource() instanceof StructureDefinition sd) {
            definitions.add(sd);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return compile(definitions, new DefaultProfileValidationSupport(context));
  }

  static FhirModel compile(List<StructureDefinition> definitions, IValidationSupport terminology) {
    return new ModelCompiler(terminology).run(definitions);
  }

  private FhirModel run(List<StructureDefinition> definitions) {
    List<StructureDefinition> base = new ArrayList<>();
    for (StructureDefinition sd : definitions) {
      if (sd.getKind() != StructureDefinitionKind.LOGICAL
          && (sd.getDerivation() == TypeDerivationRule.SPECIALIZATION || !sd.hasBaseDefinition())) {
        base.add(sd);
      }
    }
    for (StructureDefinition sd : base) {
      if (sd.getKind() == StructureDefinitionKind.PRIMITIVETYPE) {
        primitives.put(sd.getType(), primitive(sd));
      } else {
        TypeModel.Kind kind =
            sd.getKind() == StructureDefinitionKind.RESOURCE
                ? TypeModel.Kind.RESOURCE
                : TypeModel.Kind.COMPLEX;
        types.put(sd.getType(), new TypeModel(sd.getType(), kind));
      }
    }
    Map<String, TypeModel> resources = new HashMap<>();
    for (StructureDefinition sd : base) {
      if (sd.getKind() != StructureDefinitionKind.PRIMITIVETYPE) {
        defineAll(sd);
        if (sd.getKind() == StructureDefinitionKind.RESOURCE && !sd.getAbstract()) {
          resources.put(sd.getType(), types.get(sd.getType()));
        }
      }
    }
    return new FhirModel(
        resources,
        Objects.requireNonNull(types.get("Element"), "Element"),
        Objects.requireNonNull(primitives.get("id"), "id"));
  }

  private PrimitiveType primitive(StructureDefinition sd) {
    String name = sd.getType();
    Pattern pattern = null;
    if (REGEX_TYPES.contains(name)) {
      for (ElementDefinition e : sd.getSnapshot().getElement()) {
        if (e.getPath().equals(name + ".value")) {
          for (ElementDefinition.TypeRefComponent t : e.getType()) {
            Extension regex = t.getExtensionByUrl(REGEX_EXT);
            if (regex != null) {
              pattern = Pattern.compile(regex.getValue().primitiveValue());
            }
          }
        }
      }
    }
    return PrimitiveType.of(name, pattern);
  }

  /** Defines the type of the StructureDefinition and all its inline backbone elements. */
  private void defineAll(StructureDefinition sd) {
    List<ElementDefinition> elements = sd.getSnapshot().getElement();
    String root = elements.get(0).getPath();
    Map<String, List<ElementDefinition>> children = new LinkedHashMap<>();
    for (ElementDefinition e : elements.subList(1, elements.size())) {
      String parent = e.getPath().substring(0, e.getPath().lastIndexOf('.'));
      children.computeIfAbsent(parent, k -> new ArrayList<>()).add(e);
    }
    for (String path : children.keySet()) {
      if (!path.equals(root)) {
        backbones.put(path, new TypeModel(path, TypeModel.Kind.BACKBONE));
      }
    }
    boolean resource = sd.getKind() == StructureDefinitionKind.RESOURCE;
    children.forEach(
        (path, list) -> {
          TypeModel owner =
              Objects.requireNonNull(
                  path.equals(root) ? types.get(sd.getType()) : backbones.get(path), path);
          define(owner, list, resource && path.equals(root));
        });
  }

  private void define(TypeModel owner, List<ElementDefinition> elements, boolean resourceRoot) {
    Map<String, Property> props = new HashMap<>();
    Map<String, Property> shadows = new HashMap<>();
    List<ElementModel> required = new ArrayList<>();
    int choiceBits = 0;
    for (ElementDefinition e : elements) {
      int max = "*".equals(e.getMax()) ? Integer.MAX_VALUE : Integer.parseInt(e.getMax());
      if (max == 0) {
        continue;
      }
      String last = e.getPath().substring(e.getPath().lastIndexOf('.') + 1);
      boolean choice = last.endsWith("[x]");
      String name = choice ? last.substring(0, last.length() - 3) : last;
      List<TypeRef> typed = types(e, resourceRoot && name.equals("id"));
      List<String> jsonNames = new ArrayList<>();
      for (TypeRef t : typed) {
        jsonNames.add(
            choice
                ? name + Character.toUpperCase(t.code().charAt(0)) + t.code().substring(1)
                : name);
      }
      int requiredBit = e.getMin() > 0 ? required.size() : -1;
      ElementModel model =
          new ElementModel(
              name,
              e.getPath(),
              e.getMin(),
              max,
              choice,
              requiredBit < 64 ? requiredBit : -1,
              choice && choiceBits < 64 ? choiceBits++ : -1,
              List.copyOf(jsonNames),
              binding(e));
      if (model.requiredBit() >= 0) {
        required.add(model);
      }
      for (int i = 0; i < typed.size(); i++) {
        Property p = property(model, jsonNames.get(i), typed.get(i));
        if (p != null) {
          props.put(jsonNames.get(i), p);
          if (p.primitive() != null) {
            shadows.put("_" + jsonNames.get(i), p);
          }
        }
      }
    }
    owner.define(props, shadows, required);
  }

  /** One allowed type of an element: its code, and the path of its inline definition if any. */
  private record TypeRef(String code, @Nullable String backbonePath) {}

  private List<TypeRef> types(ElementDefinition e, boolean resourceId) {
    if (e.hasContentReference()) {
      return List.of(new TypeRef("BackboneElement", e.getContentReference().substring(1)));
    }
    if (backbones.containsKey(e.getPath())) {
      return List.of(new TypeRef("BackboneElement", e.getPath()));
    }
    if (resourceId) {
      // R4 Resource.id is of type id (resource §2.36.0.2: [A-Za-z0-9\-\.]{1,64}); the R4 snapshots
      // encode it as System.String with fhir-type "string", which would skip that rule.
      return List.of(new TypeRef("id", null));
    }
    List<TypeRef> result = new ArrayList<>();
    for (ElementDefinition.TypeRefComponent t : e.getType()) {
      String code = t.getCode();
      if (code.startsWith(SYSTEM_TYPE_PREFIX)) {
        Extension fhirType = t.getExtensionByUrl(FHIR_TYPE_EXT);
        code = fhirType != null ? fhirType.getValue().primitiveValue() : "string";
      }
      result.add(new TypeRef(code, null));
    }
    return result;
  }

  private @Nullable Property property(ElementModel element, String jsonName, TypeRef typed) {
    String shadowName = "_" + jsonName;
    String code = typed.code();
    String backbonePath = typed.backbonePath();
    if (backbonePath != null) {
      TypeModel backbone = backbones.get(backbonePath);
      return backbone == null
          ? null
          : new Property(element, shadowName, code, null, backbone, false);
    }
    if (code.equals("Resource")) {
      return new Property(element, shadowName, code, null, null, true);
    }
    PrimitiveType primitive = primitives.get(code);
    if (primitive != null) {
      return new Property(element, shadowName, code, primitive, null, false);
    }
    TypeModel complex = types.get(code);
    return complex == null ? null : new Property(element, shadowName, code, null, complex, false);
  }

  private @Nullable CodeSet binding(ElementDefinition e) {
    if (!e.hasBinding()
        || e.getBinding().getStrength() != BindingStrength.REQUIRED
        || !e.getBinding().hasValueSet()) {
      return null;
    }
    return expander.expand(e.getBinding().getValueSet());
  }
}
