package health.custodian.records.internal.validation;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One element of a type, compiled from an ElementDefinition of a core StructureDefinition snapshot.
 *
 * @param name the JSON property name, or for a choice element its stem ({@code value} for {@code
 *     value[x]})
 * @param path the element path, e.g. {@code Observation.component.value[x]}, for messages
 * @param min minimum cardinality
 * @param max maximum cardinality, {@link Integer#MAX_VALUE} for {@code *}
 * @param choice whether this is a choice element {@code [x]} (R4 formats §2.6.2.3: at most one of
 *     its typed properties may appear)
 * @param requiredBit index of this element among the type's required elements, or -1
 * @param choiceBit index of this element among the type's choice elements, or -1
 * @param jsonNames every JSON property name that stands for this element (one per type for choices)
 * @param binding expanded required-binding value set, when it could be expanded
 */
record ElementModel(
    String name,
    String path,
    int min,
    int max,
    boolean choice,
    int requiredBit,
    int choiceBit,
    List<String> jsonNames,
    @Nullable CodeSet binding) {

  /** R4 JSON §2.6.2: elements whose maximum cardinality is above one are always JSON arrays. */
  boolean isArray() {
    return max > 1;
  }

  String maxText() {
    return max == Integer.MAX_VALUE ? "*" : Integer.toString(max);
  }
}
