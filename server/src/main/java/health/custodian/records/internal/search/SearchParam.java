package health.custodian.records.internal.search;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A search parameter as it applies to one base: a resource type, or {@code Resource} for the
 * parameters every resource type has.
 *
 * @param base the resource type, or {@code Resource} for the common parameters
 * @param code the name used in queries
 * @param type the R4 search parameter type
 * @param expression the compiled FHIRPath for this base; null when not indexed by expression
 * @param targets the target resource types of a reference parameter
 * @param source where values come from
 * @param unsupportedReason why the parameter is not supported, null when it is
 */
record SearchParam(
    String base,
    String code,
    Type type,
    @Nullable FhirPathExpr expression,
    List<String> targets,
    Source source,
    @Nullable String unsupportedReason) {

  /** R4 SearchParameter.type (valueset search-param-type). */
  enum Type {
    NUMBER,
    DATE,
    STRING,
    TOKEN,
    REFERENCE,
    COMPOSITE,
    QUANTITY,
    URI,
    SPECIAL;

    static @Nullable Type of(String code) {
      for (Type t : values()) {
        if (t.name().toLowerCase(Locale.ROOT).equals(code)) {
          return t;
        }
      }
      return null;
    }
  }

  /** Index rows extracted by FHIRPath, or columns of the {@code resource} table. */
  enum Source {
    INDEX,
    RESOURCE_ID,
    RESOURCE_LAST_UPDATED
  }

  boolean supported() {
    return unsupportedReason == null;
  }

  /** True when the indexer writes rows for this parameter. */
  boolean indexed() {
    return supported() && source == Source.INDEX;
  }
}
