package health.custodian.records.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A compiled R4 primitive type and how its JSON value is checked (R4 datatypes §2.24.0.1 and JSON
 * §2.6.2: boolean and numbers are JSON booleans and numbers, everything else JSON strings).
 *
 * @param name the FHIR type, e.g. {@code dateTime}
 * @param check which check applies, resolved once from the name so validation switches on an enum
 * @param pattern the regex from the type's StructureDefinition, when it is applied as such
 * @param scanner the hand-written equivalent of that regex, used instead of it when there is one
 */
record PrimitiveType(
    String name, Check check, @Nullable Pattern pattern, @Nullable ScannedFormat scanner) {

  enum Check {
    BOOLEAN,
    INTEGER,
    POSITIVE_INT,
    UNSIGNED_INT,
    DECIMAL,
    STRING,
    MARKDOWN,
    BASE64,
    CODE,
    URI,
    XHTML,
    DATE,
    PATTERN
  }

  static PrimitiveType of(String name, @Nullable Pattern pattern) {
    Check check =
        switch (name) {
          case "boolean" -> Check.BOOLEAN;
          case "integer" -> Check.INTEGER;
          case "positiveInt" -> Check.POSITIVE_INT;
          case "unsignedInt" -> Check.UNSIGNED_INT;
          case "decimal" -> Check.DECIMAL;
          case "string" -> Check.STRING;
          case "markdown" -> Check.MARKDOWN;
          case "base64Binary" -> Check.BASE64;
          case "code" -> Check.CODE;
          case "uri", "url", "canonical" -> Check.URI;
          case "xhtml" -> Check.XHTML;
          case "date", "dateTime", "instant" -> Check.DATE;
          default -> Check.PATTERN;
        };
    ScannedFormat scanner =
        pattern == null ? null : ScannedFormat.forRegex(name, pattern.pattern());
    return new PrimitiveType(name, check, pattern, scanner);
  }

  /** R4 datatypes §2.24.0.1: "Strings SHALL NOT exceed 1MB (1024*1024 characters)". */
  private static final int MAX_STRING = 1024 * 1024;

  /**
   * Returns why the value is invalid, or null when valid. Never allocates on the valid path except
   * for regex matchers. Node classes are tested rather than {@code isTextual()} and the like, which
   * are megamorphic calls of {@code getNodeType()}; each node class has exactly one node type.
   */
  @Nullable String check(JsonNode value) {
    switch (check) {
      case BOOLEAN:
        return value instanceof BooleanNode ? null : "must be a JSON boolean";
      case INTEGER:
        return integer(value, Integer.MIN_VALUE);
      case POSITIVE_INT:
        return integer(value, 1);
      case UNSIGNED_INT:
        return integer(value, 0);
      case DECIMAL:
        return value instanceof NumericNode ? decimal(value) : "must be a JSON number";
      default:
        break;
    }
    if (!(value instanceof TextNode textNode)) {
      return "must be a JSON string";
    }
    return checkText(textNode.textValue());
  }

  /**
   * {@link #check} for a JSON string value of a type whose values are JSON strings (not boolean,
   * integer or decimal): shared with the streaming check of import lines ({@code StreamingRun}).
   */
  @Nullable String checkText(String text) {
    if (text.isEmpty()) {
      // R4 JSON §2.6.2: "String property values can never be empty".
      return "must not be an empty string";
    }
    if (text.indexOf('\u0000') >= 0) {
      // R4 datatypes §2.24.0.1 discourages code points below 32; U+0000 cannot be stored at all:
      // jsonb rejects \u0000 because text cannot hold it (PostgreSQL docs 8.14.1).
      return "contains the character U+0000, which cannot be stored";
    }
    return switch (check) {
      case STRING -> string(text);
      case MARKDOWN -> text.length() > MAX_STRING ? "exceeds 1MB" : null;
      case BASE64 -> Formats.isBase64(text) ? null : "is not valid base64Binary";
      case CODE -> Formats.isCode(text) ? null : "is not a valid code (" + Formats.show(text) + ")";
      case URI ->
          Formats.hasWhitespace(text)
              ? "must not contain whitespace (" + Formats.show(text) + ")"
              : null;
      case XHTML -> Formats.isXhtmlDiv(text) ? null : "narrative must be an XHTML div element";
      default -> patterned(text);
    };
  }

  private @Nullable String patterned(String text) {
    boolean matches =
        scanner != null
            ? scanner.matches(text)
            : pattern == null || pattern.matcher(text).matches();
    if (!matches) {
      return "is not a valid " + name + " (" + Formats.show(text) + ")";
    }
    if (check == Check.DATE && !Formats.isRealDate(text)) {
      return "is not a real calendar date (" + Formats.show(text) + ")";
    }
    return null;
  }

  private static @Nullable String string(String text) {
    if (text.length() > MAX_STRING) {
      return "exceeds 1MB";
    }
    // The R4 regex [ \r\n\t\S]+ excludes exactly vertical tab and form feed; checked by hand
    // because a regex over a string of up to 1MB would be needlessly slow, and with indexOf, which
    // the JIT vectorises, because every string of every resource passes here.
    if (text.indexOf('\u000B') >= 0 || text.indexOf('\f') >= 0) {
      return "contains a vertical tab or form feed";
    }
    return null;
  }

  /**
   * A decimal must fit PostgreSQL's {@code numeric} (PostgreSQL docs 8.1.2: 131072 digits before
   * the point, 16383 after), where its search index stores it; beyond that, writing the index row
   * takes minutes of CPU for {@code 1e-99999999} and then fails. Integral JSON numbers are bounded
   * by the parser's number length limit already.
   */
  private static @Nullable String decimal(JsonNode value) {
    return !value.isBigDecimal() || storable(value.decimalValue())
        ? null
        : "is out of the range of storable decimals";
  }

  /** Within PostgreSQL's {@code numeric}; shared with the streaming check of import lines. */
  static boolean storable(BigDecimal d) {
    return d.scale() <= 16383 && (long) d.precision() - d.scale() <= 131072;
  }

  private static @Nullable String integer(JsonNode value, long minimum) {
    if (!value.isIntegralNumber()) {
      return value.isNumber() ? "must be a whole number" : "must be a JSON number";
    }
    if (!value.canConvertToInt()) {
      return "is out of the 32-bit integer range";
    }
    return value.intValue() < minimum ? "must be at least " + minimum : null;
  }
}
