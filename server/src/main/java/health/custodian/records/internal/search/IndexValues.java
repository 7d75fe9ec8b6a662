package health.custodian.records.internal.search;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The index values extracted from one resource, grouped by table. Sets, because unions and repeated
 * elements often yield the same value twice.
 */
record IndexValues(
    Set<Token> tokens,
    Set<Str> strings,
    Set<Ref> references,
    Set<Date> dates,
    Set<Uri> uris,
    Set<Quantity> quantities) {

  IndexValues() {
    this(
        new LinkedHashSet<>(),
        new LinkedHashSet<>(),
        new LinkedHashSet<>(),
        new LinkedHashSet<>(),
        new LinkedHashSet<>(),
        new LinkedHashSet<>());
  }

  /**
   * A token (R4 search 3.1.1.4.10). {@code text} is a Coding's display, CodeableConcept.text or
   * Identifier.type.text, kept for {@code :text}; {@code typeSystem}/{@code typeCode} are an
   * Identifier's type coding, kept for {@code :of-type}.
   */
  record Token(
      SearchParam param,
      @Nullable String system,
      @Nullable String code,
      @Nullable String text,
      @Nullable String typeSystem,
      @Nullable String typeCode) {}

  /** A string value: normalized (case and accents folded, {@link TextNormalizer}) and exact. */
  record Str(SearchParam param, String normalized, String exact) {}

  record Ref(SearchParam param, @Nullable String targetType, String targetId) {}

  /** A uri, url or canonical, as written (R4 search 3.1.1.4.13). */
  record Uri(SearchParam param, String value) {}

  /**
   * A number (R4 search 3.1.1.4.4, system, code and unit null) or Quantity (3.1.1.4.8). Values are
   * compared as stored, without unit conversion.
   */
  record Quantity(
      SearchParam param,
      BigDecimal value,
      @Nullable String system,
      @Nullable String code,
      @Nullable String unit) {}

  /** A date range; null bounds are open and stored as -infinity / infinity. */
  record Date(SearchParam param, @Nullable Instant low, @Nullable Instant high) {}
}
