package health.custodian.records.internal.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The project's one Jackson 2 configuration for FHIR JSON (FHIR R4 json.html, "JSON Representation
 * of Resources").
 *
 * <ul>
 *   <li>Decimals are read as {@link java.math.BigDecimal} and kept exactly, trailing zeros
 *       included: FHIR decimals carry their precision in their text, so {@code 1.50} must not
 *       become {@code 1.5} (R4 datatypes.html#decimal).
 *   <li>Duplicate object keys are an error: RFC 8259 §4 leaves them undefined and the FHIR JSON
 *       format has no repeated properties (arrays are used instead), so no "last one wins". The
 *       tree builder detects them ({@code FAIL_ON_READING_DUP_TREE_KEY}: the map it fills already
 *       returns the value a key replaces) rather than the parser ({@code
 *       STRICT_DUPLICATE_DETECTION}, a hash set per object), which bulk imports would pay for on
 *       every object of every resource.
 *   <li>Trailing content after the value is an error, reported with its position; the check is done
 *       here rather than by {@code FAIL_ON_TRAILING_TOKENS} so that the message can say where.
 * </ul>
 *
 * <p>Only immutable Jackson objects ({@link ObjectReader}, {@link ObjectWriter}, the node factory)
 * are kept, so the configuration cannot be changed after start-up by any caller.
 */
public final class FhirJson {

  public static final String INVALID_JSON = "invalid-json";

  private static final String DUPLICATE = "Duplicate field '";

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private static final ObjectReader READER;
  private static final ObjectWriter COMPACT;
  private static final ObjectWriter PRETTY;

  static {
    // The mapper itself is mutable, so it stays local; only its immutable reader/writers escape.
    JsonMapper mapper =
        JsonMapper.builder()
            .nodeFactory(NODES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Since Jackson 2.15 tree reading strips trailing zeros unless this is off.
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            // Error messages go back to clients; keep request bytes out of them.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    READER = mapper.reader();
    COMPACT = mapper.writer();
    PRETTY =
        mapper.writer(
            new DefaultPrettyPrinter()
                .withSeparators(
                    Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                .withObjectIndenter(new DefaultIndenter("  ", "\n")));
  }

  private FhirJson() {}

  /** The node factory to build FHIR JSON trees with (exact decimals). */
  public static JsonNodeFactory nodes() {
    return NODES;
  }

  /**
   * Parses a request body that must be a single FHIR resource, i.e. one JSON object.
   *
   * @throws FhirException 400 {@code invalid-json} for malformed JSON, a duplicate key, trailing
   *     content or a top-level value that is not an object
   */
  public static ObjectNode parseResource(byte[] body) {
    JsonNode tree = parse(body);
    if (!tree.isObject()) {
      throw invalidJson(
          "a FHIR resource must be a JSON object, not " + describe(tree) + " (line 1, column 1)");
    }
    return (ObjectNode) tree;
  }

  /**
   * Parses any single JSON value (e.g. a JSON Patch array), with the same strictness as {@link
   * #parseResource(byte[])}.
   *
   * @throws FhirException 400 {@code invalid-json}
   */
  public static JsonNode parse(byte[] body) {
    try (JsonParser parser = READER.createParser(body)) {
      JsonNode tree = READER.readTree(parser);
      if (tree == null || tree.isMissingNode()) {
        throw invalidJson("the body is empty; expected a JSON value");
      }
      if (parser.nextToken() != null) {
        throw invalidJson(
            "unexpected content after the end of the JSON value " + at(parser.currentLocation()));
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw invalidJson(message(e) + " " + at(e.getLocation()));
    } catch (IOException e) {
      // Reading from a byte array cannot fail for I/O reasons.
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A streaming parser over the bytes with the same configuration as {@link #parse(byte[])}'s,
   * except the duplicate key check, which is the tree builder's: a caller reading the tokens must
   * detect duplicate keys itself (the streaming check of import lines, {@code
   * validation.StreamingRun}).
   */
  public static JsonParser parser(byte[] body) throws IOException {
    return READER.createParser(body);
  }

  /** As {@link #parse(byte[])}, for text already decoded. */
  public static JsonNode parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Compact JSON, decimals exactly as held. */
  public static String write(JsonNode tree) {
    try {
      return COMPACT.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Indented JSON ({@code "key": value}, two spaces, {@code \n} line ends), for humans. */
  public static String writePretty(JsonNode tree) {
    try {
      return PRETTY.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Jackson's message, except for a duplicate key, where the tree builder's message names a Jackson
   * setting: it then reads as the parser's would ({@code Duplicate field 'name'}).
   */
  private static String message(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (e instanceof MismatchedInputException && message.startsWith(DUPLICATE)) {
      int end = message.indexOf("' for `ObjectNode`", DUPLICATE.length());
      if (end > 0) {
        return message.substring(0, end + 1);
      }
    }
    return message;
  }

  private static String at(@Nullable JsonLocation location) {
    if (location == null) {
      return "(position unknown)";
    }
    return "(line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static String describe(JsonNode tree) {
    return switch (tree.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "a " + tree.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static FhirException invalidJson(String message) {
    return FhirException.badRequest(INVALID_JSON, "Invalid JSON: " + message, null);
  }
}
