package health.custodian.records.internal.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Computes a resource's index values: each indexed parameter's FHIRPath selects elements, and the
 * JSON shape of each element decides the values, following the R4 search type tables (3.1.1.4.x).
 */
@Component
class IndexExtractor {

  private static final int MAX_TOKEN_LENGTH = 1000;
  private static final List<String> NAME_PARTS = List.of("family", "given", "prefix", "suffix");
  private static final List<String> ADDRESS_PARTS =
      List.of("line", "city", "district", "state", "postalCode", "country");

  private final SearchParameterRegistry registry;

  IndexExtractor(SearchParameterRegistry registry) {
    this.registry = registry;
  }

  SearchParameterRegistry registry() {
    return registry;
  }

  IndexValues extract(String resourceType, ObjectNode resource) {
    IndexValues out = new IndexValues();
    List<FhirPathItem> root = List.of(new FhirPathItem(resource, resourceType));
    for (SearchParam param : registry.indexed(resourceType)) {
      FhirPathExpr expr = param.expression();
      if (expr == null) {
        continue;
      }
      for (FhirPathItem item : expr.eval(root)) {
        JsonNode node = item.node();
        switch (param.type()) {
          case TOKEN -> token(out, param, node);
          case STRING -> string(out, param, node);
          case REFERENCE -> reference(out, param, node);
          case DATE -> date(out, param, node);
          case URI -> uri(out, param, node);
          case NUMBER, QUANTITY -> quantity(out, param, node);
          default -> {
            // The registry only marks the four types above as indexed.
          }
        }
      }
    }
    return out;
  }

  static void token(IndexValues out, SearchParam p, JsonNode node) {
    if (node.isTextual() || node.isNumber()) {
      addToken(out, p, null, node.asText(), null, null, null);
    } else if (node.isBoolean()) {
      addToken(out, p, null, node.booleanValue() ? "true" : "false", null, null, null);
    } else if (!node.isObject()) {
      return;
    } else if (node.has("coding") || (node.has("text") && !node.has("value"))) {
      // CodeableConcept: each coding, and the text on its own row for :text.
      for (JsonNode coding : node.path("coding")) {
        coding(out, p, coding);
      }
      String text = text(node, "text");
      if (text != null) {
        addToken(out, p, null, null, text, null, null);
      }
    } else if (node.path("value").isTextual()) {
      // Identifier and ContactPoint: the system (a URI or a contact system code) and the value.
      String system = text(node, "system");
      String value = node.get("value").asText();
      JsonNode type = node.path("type");
      String typeText = text(type, "text");
      boolean typed = false;
      for (JsonNode coding : type.path("coding")) {
        String ts = text(coding, "system");
        String tc = text(coding, "code");
        if (ts != null || tc != null) {
          addToken(out, p, system, value, typeText, ts, tc);
          typed = true;
        }
      }
      if (!typed) {
        addToken(out, p, system, value, typeText, null, null);
      }
    } else {
      coding(out, p, node);
    }
  }

  private static void coding(IndexValues out, SearchParam p, JsonNode coding) {
    String system = text(coding, "system");
    String code = text(coding, "code");
    if (system != null || code != null) {
      addToken(out, p, system, code, text(coding, "display"), null, null);
    }
  }

  private static void addToken(
      IndexValues out,
      SearchParam p,
      @Nullable String system,
      @Nullable String code,
      @Nullable String text,
      @Nullable String typeSystem,
      @Nullable String typeCode) {
    if (code == null && text == null) {
      return;
    }
    out.tokens()
        .add(
            new IndexValues.Token(
                p,
                cut(system),
                cut(code),
                // Folded for :text, which matches like a string search (R4 3.1.1.5.x).
                text == null ? null : TextNormalizer.normalize(text),
                cut(typeSystem),
                cut(typeCode)));
  }

  static void string(IndexValues out, SearchParam p, JsonNode node) {
    if (node.isTextual()) {
      addString(out, p, node.asText());
    } else if (node.isObject()) {
      // HumanName and Address: every part, and the text (R4 search 3.1.1.4.9).
      for (String key : node.has("family") || node.has("given") ? NAME_PARTS : ADDRESS_PARTS) {
        JsonNode v = node.get(key);
        if (v != null && v.isArray()) {
          v.forEach(e -> addString(out, p, e.asText()));
        } else if (v != null && v.isTextual()) {
          addString(out, p, v.asText());
        }
      }
      JsonNode text = node.get("text");
      if (text != null && text.isTextual()) {
        addString(out, p, text.asText());
      }
    }
  }

  private static void addString(IndexValues out, SearchParam p, String value) {
    if (!value.isBlank()) {
      out.strings().add(new IndexValues.Str(p, TextNormalizer.normalize(value), value));
    }
  }

  static void reference(IndexValues out, SearchParam p, JsonNode node) {
    JsonNode identifier = node.path("identifier");
    if (identifier.path("value").isTextual()) {
      // Reference.identifier, for the :identifier modifier: a token row under this parameter.
      token(out, p, identifier);
    }
    JsonNode ref = node.isTextual() ? node : node.get("reference");
    if (ref != null && ref.isTextual()) {
      ReferenceValue value = ReferenceValue.parse(ref.asText());
      if (value != null && value.targetId().length() <= MAX_TOKEN_LENGTH) {
        out.references().add(new IndexValues.Ref(p, value.targetType(), value.targetId()));
      }
    }
  }

  /** A number, or a Quantity's value with its system, code and unit; Ranges come later. */
  static void quantity(IndexValues out, SearchParam p, JsonNode node) {
    if (node.isNumber()) {
      out.quantities().add(new IndexValues.Quantity(p, node.decimalValue(), null, null, null));
    } else if (node.path("value").isNumber()) {
      out.quantities()
          .add(
              new IndexValues.Quantity(
                  p,
                  node.get("value").decimalValue(),
                  cut(text(node, "system")),
                  cut(text(node, "code")),
                  cut(text(node, "unit"))));
    }
  }

  static void uri(IndexValues out, SearchParam p, JsonNode node) {
    if (node.isTextual()
        && !node.asText().isEmpty()
        && node.asText().length() <= MAX_TOKEN_LENGTH) {
      out.uris().add(new IndexValues.Uri(p, node.asText()));
    }
  }

  static void date(IndexValues out, SearchParam p, JsonNode node) {
    if (node.isTextual()) {
      DateRange r = DateRange.parse(node.asText());
      if (r != null) {
        out.dates().add(new IndexValues.Date(p, r.low(), r.high()));
      }
    } else if (node.has("start") || node.has("end")) {
      // Period: an absent bound is open-ended (R4 datatypes 2.24.0.9 "Period").
      DateRange start = parse(node.get("start"));
      DateRange end = parse(node.get("end"));
      if ((start != null || node.get("start") == null)
          && (end != null || node.get("end") == null)) {
        out.dates()
            .add(
                new IndexValues.Date(
                    p, start == null ? null : start.low(), end == null ? null : end.high()));
      }
    } else if (node.has("event") || node.has("repeat")) {
      timing(out, p, node);
    }
  }

  private static @Nullable Instant earlier(@Nullable Instant a, @Nullable Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }

  private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  /**
   * Timing: only the outer limits matter (R4 search 3.1.1.4.2, "Timing"): earliest event or bounds
   * start to latest event or bounds end.
   */
  private static void timing(IndexValues out, SearchParam p, JsonNode node) {
    Instant low = null;
    Instant high = null;
    boolean lowOpen = false;
    boolean highOpen = false;
    boolean any = false;
    for (JsonNode event : node.path("event")) {
      DateRange r = parse(event);
      if (r != null) {
        low = earlier(low, r.low());
        high = later(high, r.high());
        lowOpen |= r.low() == null;
        highOpen |= r.high() == null;
        any = true;
      }
    }
    JsonNode bounds = node.path("repeat").path("boundsPeriod");
    if (bounds.isObject()) {
      DateRange start = parse(bounds.get("start"));
      DateRange end = parse(bounds.get("end"));
      low = start == null ? null : earlier(low, start.low());
      high = end == null ? null : later(high, end.high());
      lowOpen |= start == null;
      highOpen |= end == null;
      any = true;
    }
    if (lowOpen) {
      low = null;
    }
    if (highOpen) {
      high = null;
    }
    if (any) {
      out.dates().add(new IndexValues.Date(p, low, high));
    }
  }

  private static @Nullable DateRange parse(@Nullable JsonNode node) {
    return node != null && node.isTextual() ? DateRange.parse(node.asText()) : null;
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  private static @Nullable String cut(@Nullable String s) {
    return s == null || s.length() <= MAX_TOKEN_LENGTH ? s : s.substring(0, MAX_TOKEN_LENGTH);
  }
}
