package health.custodian.records.internal.search;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The R4 data type names that can follow a choice element's name in JSON (R4 2.24.0.1). */
final class FhirTypes {

  private static final List<String> CHOICE_TYPES =
      List.of(
          "base64Binary",
          "boolean",
          "canonical",
          "code",
          "date",
          "dateTime",
          "decimal",
          "id",
          "instant",
          "integer",
          "markdown",
          "oid",
          "positiveInt",
          "string",
          "time",
          "unsignedInt",
          "uri",
          "url",
          "uuid",
          "Address",
          "Age",
          "Annotation",
          "Attachment",
          "CodeableConcept",
          "Coding",
          "ContactPoint",
          "Count",
          "Distance",
          "Duration",
          "HumanName",
          "Identifier",
          "Money",
          "Period",
          "Quantity",
          "Range",
          "Ratio",
          "Reference",
          "SampledData",
          "Signature",
          "Timing",
          "ContactDetail",
          "Contributor",
          "DataRequirement",
          "Expression",
          "ParameterDefinition",
          "RelatedArtifact",
          "TriggerDefinition",
          "UsageContext",
          "Dosage",
          "Meta");

  /** JSON suffix (upper-case first letter) to FHIR type name. */
  private static final Map<String, String> BY_SUFFIX = bySuffix();

  private FhirTypes() {}

  private static Map<String, String> bySuffix() {
    Map<String, String> m = new HashMap<>();
    for (String t : CHOICE_TYPES) {
      m.put(Character.toUpperCase(t.charAt(0)) + t.substring(1), t);
    }
    return Map.copyOf(m);
  }

  /** The type named by a choice key's suffix ({@code DateTime} in {@code valueDateTime}). */
  static @Nullable String choiceSuffixType(String suffix) {
    return BY_SUFFIX.get(suffix);
  }

  /**
   * Type names compare exactly; {@code Quantity} also accepts its R4 specializations, since {@code
   * as Quantity} on an {@code Age} value is an Age (R4 datatypes 2.24.0.6 "Quantity").
   */
  static boolean sameType(String actual, String wanted) {
    if (actual.equals(wanted)) {
      return true;
    }
    // Some R4 expressions capitalise primitive types (Observation-code-value-date has
    // value.as(DateTime)); primitive type names start lower case, so the intent is unambiguous.
    if (Character.isLowerCase(actual.charAt(0)) && actual.equalsIgnoreCase(wanted)) {
      return true;
    }
    return wanted.equals("Quantity")
        && (actual.equals("Age")
            || actual.equals("Count")
            || actual.equals("Distance")
            || actual.equals("Duration"));
  }
}
