package health.custodian.records.internal.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import health.custodian.records.internal.json.FhirJson;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@link ValidationRun}'s rules applied to the tokens of one JSON text instead of a tree, for bulk
 * import lines: one pass with Jackson's streaming parser, no tree. It only ever answers "valid, no
 * issue at all" (with the resource's id and whether it has a {@code meta}) or "don't know" (null):
 * on any issue, and on anything it does not handle ({@code _name} shadow elements and the nulls
 * they allow in arrays, a nested resource whose {@code resourceType} is not its first property,
 * values of types the model does not describe, any {@code meta} holding {@code versionId} or {@code
 * lastUpdated}), the caller checks the line on its tree as before, which finds and words the
 * issues. So it must never accept what {@link ValidationRun} or {@code FhirJson.parseResource}
 * reject ({@code FastLineDifferentialTest} and {@code FastLineExamplesTest} run both over corpora
 * and mutations of them).
 *
 * <p>Single use, single thread.
 */
final class StreamingRun {

  /**
   * Abandons the line ("don't know"). Preallocated and without a stack trace: it is control flow
   * through the recursion, thrown for a few lines of a large import, and carries nothing.
   */
  private static final class Unknown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unknown() {
      super(null, null, false, false);
    }
  }

  private static final Unknown UNKNOWN = new Unknown();

  /** The resource of the line. */
  private static final int TOP = 0;

  /** A contained resource: its own {@code contained} and server meta elements are errors. */
  private static final int CONTAINED = 1;

  /** Another resource inside the line's ({@code Bundle.entry.resource}, ...). */
  private static final int NESTED = 2;

  /** An object of a complex or backbone type. */
  private static final int ELEMENT = 3;

  /** The result of a bound CodeableConcept's codings (the rule of {@code Bindings}). */
  private static final class Concept {
    private final CodeSet set;
    private boolean judged;
    private boolean matched;

    Concept(CodeSet set) {
      this.set = set;
    }

    void coding(@Nullable String system, @Nullable String code) {
      if (system != null && code != null && set.coversSystem(system)) {
        if (set.contains(system, code)) {
          matched = true;
        } else {
          judged = true;
        }
      }
    }
  }

  private final FhirModel model;
  private final String type;
  private final JsonParser parser;
  private final Consumer<String> references;

  /** The properties seen in the objects being read, innermost last, for duplicate keys. */
  private Property[] seen = new Property[32];

  private int seenTop;

  /** The system and code of the Coding object read last, for the binding of its container. */
  private @Nullable String codingSystem;

  private @Nullable String codingCode;

  private @Nullable String id;
  private boolean hasMeta;

  private StreamingRun(
      FhirModel model, String type, JsonParser parser, Consumer<String> references) {
    this.model = model;
    this.type = type;
    this.parser = parser;
    this.references = references;
  }

  /**
   * The facts of a valid line, or null when the line has an issue or something this check leaves to
   * the tree. {@code references} gets the value of every {@code reference} string property in
   * document order (also for a line that turns out null).
   */
  static @Nullable StreamedResource run(
      FhirModel model, String type, byte[] line, Consumer<String> references) {
    TypeModel resource = model.resource(type);
    if (resource == null) {
      return null;
    }
    try (JsonParser parser = FhirJson.parser(line)) {
      StreamingRun run = new StreamingRun(model, type, parser, references);
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      run.object(resource, TOP, null);
      // Trailing content is an error of FhirJson.parse.
      if (parser.nextToken() != null) {
        return null;
      }
      return new StreamedResource(run.id, run.hasMeta);
    } catch (IOException | Unknown e) {
      // Malformed JSON (FhirJson.parse rejects it) or a line left to the tree.
      return null;
    }
  }

  /**
   * Reads an object whose START_OBJECT was just read (for a resource inside the line's, also its
   * resourceType), up to its END_OBJECT.
   */
  private void object(TypeModel type, int kind, @Nullable CodeSet binding) throws IOException {
    int mark = seenTop;
    long seenRequired = 0;
    long seenChoices = 0;
    boolean resource = kind != ELEMENT;
    boolean top = kind == TOP;
    boolean typed = resource && !top;
    boolean any = typed;
    boolean extension = type.isExtension();
    boolean nested = false;
    boolean hasValue = false;
    boolean coding = type.name().equals("Coding");
    boolean meta = type.name().equals("Meta");
    Concept concept =
        binding != null && type.name().equals("CodeableConcept") ? new Concept(binding) : null;
    String system = null;
    String code = null;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      any = true;
      String name = parser.currentName();
      JsonToken v = parser.nextToken();
      if (resource && name.equals("resourceType")) {
        // ImportRunner checks the type before validating; a second one is a duplicate key.
        if (typed || v != JsonToken.VALUE_STRING || !parser.getText().equals(this.type)) {
          throw UNKNOWN;
        }
        typed = true;
        continue;
      }
      Property p = type.property(name);
      if (p == null || (kind == CONTAINED && name.equals("contained"))) {
        throw UNKNOWN; // unknown element, a _name shadow element, or dom-2
      }
      see(mark, p);
      ElementModel e = p.element();
      if (e.requiredBit() >= 0) {
        seenRequired |= 1L << e.requiredBit();
      }
      if (e.choiceBit() >= 0) {
        long bit = 1L << e.choiceBit();
        if ((seenChoices & bit) != 0) {
          throw UNKNOWN;
        }
        seenChoices |= bit;
      }
      if (extension) {
        // ext-1 (Invariants.extension): names starting with "_value" are shadows, left above.
        if (name.equals("extension")) {
          nested = true;
        } else if (name.startsWith("value")) {
          hasValue = true;
        }
      }
      if (meta && (name.equals("versionId") || name.equals("lastUpdated"))) {
        // The line's: its meta cannot be spliced; a contained resource's: dom-4. Nested in other
        // ways: allowed, but left to the tree all the same.
        throw UNKNOWN;
      }
      String text = value(p, v, concept != null && name.equals("coding") ? concept : null);
      if (text != null) {
        if (name.equals("reference")) {
          references.accept(text);
        } else if (coding && name.equals("system")) {
          system = text;
        } else if (coding && name.equals("code")) {
          code = text;
        } else if (top && name.equals("id")) {
          id = text;
        }
      }
      if (top && name.equals("meta")) {
        hasMeta = true;
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw UNKNOWN;
    }
    // R4 JSON §2.6.2: objects are never empty.
    if (!any || seenRequired != type.requiredMask() || (extension && nested == hasValue)) {
      throw UNKNOWN;
    }
    if (resource && !typed) {
      throw UNKNOWN;
    }
    if (coding) {
      if (binding != null
          && system != null
          && code != null
          && binding.coversSystem(system)
          && !binding.contains(system, code)) {
        throw UNKNOWN;
      }
      codingSystem = system;
      codingCode = code;
    }
    if (concept != null && concept.judged && !concept.matched) {
      throw UNKNOWN;
    }
    seenTop = mark;
  }

  /** Duplicate keys are invalid JSON for {@code FhirJson}; same name means same property. */
  private void see(int mark, Property p) {
    for (int i = mark; i < seenTop; i++) {
      if (seen[i] == p) {
        throw UNKNOWN;
      }
    }
    if (seenTop == seen.length) {
      seen = Arrays.copyOf(seen, seen.length * 2);
    }
    seen[seenTop++] = p;
  }

  /**
   * Reads the value of a property whose first token is {@code v}; returns its text when it is a
   * single JSON string.
   */
  private @Nullable String value(Property p, JsonToken v, @Nullable Concept concept)
      throws IOException {
    ElementModel e = p.element();
    if (v == JsonToken.VALUE_NULL) {
      throw UNKNOWN;
    }
    if (!e.isArray()) {
      if (v == JsonToken.START_ARRAY) {
        throw UNKNOWN;
      }
      return item(p, v);
    }
    if (v != JsonToken.START_ARRAY) {
      throw UNKNOWN;
    }
    int count = 0;
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token == JsonToken.VALUE_NULL || token == null) {
        throw UNKNOWN; // null items need a _name shadow, left to the tree
      }
      item(p, token);
      if (concept != null) {
        concept.coding(codingSystem, codingCode);
      }
      count++;
    }
    if (count == 0 || count > e.max()) {
      throw UNKNOWN;
    }
    return null;
  }

  private @Nullable String item(Property p, JsonToken token) throws IOException {
    PrimitiveType primitive = p.primitive();
    if (primitive != null) {
      String text = primitive(primitive, token);
      CodeSet binding = p.element().binding();
      if (binding != null
          && primitive.check() == PrimitiveType.Check.CODE
          && !binding.allCodes().contains(text)) {
        throw UNKNOWN;
      }
      return text;
    }
    if (token != JsonToken.START_OBJECT) {
      throw UNKNOWN;
    }
    if (p.resource()) {
      nestedResource(p.element().name().equals("contained") ? CONTAINED : NESTED);
      return null;
    }
    TypeModel complex = p.complex();
    if (complex == null) {
      throw UNKNOWN; // a type the model does not describe: the tree path skips it
    }
    object(complex, ELEMENT, p.element().binding());
    return null;
  }

  /**
   * A resource inside the line's resource, whose type must come first (as in every canonical line)
   * to know its model before its other properties.
   */
  private void nestedResource(int kind) throws IOException {
    if (parser.nextToken() != JsonToken.FIELD_NAME
        || !parser.currentName().equals("resourceType")
        || parser.nextToken() != JsonToken.VALUE_STRING) {
      throw UNKNOWN;
    }
    TypeModel nested = model.resource(parser.getText());
    if (nested == null) {
      throw UNKNOWN;
    }
    object(nested, kind, null);
  }

  /** PrimitiveType.check on a token; the text of a string value. */
  private @Nullable String primitive(PrimitiveType primitive, JsonToken token) throws IOException {
    switch (primitive.check()) {
      case BOOLEAN -> {
        if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
          throw UNKNOWN;
        }
        return null;
      }
      case INTEGER -> {
        return integer(token, Integer.MIN_VALUE);
      }
      case POSITIVE_INT -> {
        return integer(token, 1);
      }
      case UNSIGNED_INT -> {
        return integer(token, 0);
      }
      case DECIMAL -> {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
          throw UNKNOWN;
        }
        // Only an exponent takes a number beyond PostgreSQL's numeric range: its text is at most
        // the parser's maximum number length otherwise. The tree check then says why.
        if (token == JsonToken.VALUE_NUMBER_FLOAT
            && hasExponent()
            && !PrimitiveType.storable(parser.getDecimalValue())) {
          throw UNKNOWN;
        }
        return null;
      }
      default -> {
        if (token != JsonToken.VALUE_STRING) {
          throw UNKNOWN;
        }
        // Decoding the text also checks its UTF-8, as the tree builder does.
        String text = parser.getText();
        if (primitive.checkText(text) != null) {
          throw UNKNOWN;
        }
        return text;
      }
    }
  }

  private boolean hasExponent() throws IOException {
    char[] text = parser.getTextCharacters();
    int end = parser.getTextOffset() + parser.getTextLength();
    for (int i = parser.getTextOffset(); i < end; i++) {
      if (text[i] == 'e' || text[i] == 'E') {
        return true;
      }
    }
    return false;
  }

  /** A JSON integer within 32 bits (a tree's IntNode), at least {@code minimum}. */
  private @Nullable String integer(JsonToken token, int minimum) throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT
        || parser.getNumberType() != JsonParser.NumberType.INT
        || parser.getIntValue() < minimum) {
      throw UNKNOWN;
    }
    return null;
  }
}
