package health.custodian.records.internal.search;

import health.custodian.records.FhirException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code _contained} and {@code _containedType} of a search (R4 search 3.1.1.5.9): whether the
 * resources contained in other resources are searched, and whether the containers or the contained
 * resources themselves are returned.
 *
 * @param normal resources of the searched type are matched as usual ({@code false}, {@code both})
 * @param contained contained resources of the searched type are matched, in containers of any type
 *     ({@code true}, {@code both})
 * @param returnContained {@code _containedType=contained}: the contained resources are returned
 *     instead of their containers
 */
public record ContainedMode(boolean normal, boolean contained, boolean returnContained) {

  public static final String CONTAINED = "_contained";
  public static final String CONTAINED_TYPE = "_containedType";

  public static final ContainedMode DEFAULT = new ContainedMode(true, false, false);

  /** The mode the parameters ask for; 400 {@code invalid-search-value} for other values. */
  public static ContainedMode of(Map<String, List<String>> parameters) {
    String contained = single(parameters, CONTAINED, "false");
    String type = single(parameters, CONTAINED_TYPE, "container");
    boolean returnContained =
        switch (type) {
          case "container" -> false;
          case "contained" -> true;
          default -> throw invalid(CONTAINED_TYPE, "container or contained", type);
        };
    return switch (contained) {
      case "false" -> new ContainedMode(true, false, false);
      case "true" -> new ContainedMode(false, true, returnContained);
      case "both" -> new ContainedMode(true, true, returnContained);
      default -> throw invalid(CONTAINED, "false, true or both", contained);
    };
  }

  /** The parameters without {@code _contained} and {@code _containedType}. */
  public static Map<String, List<String>> without(Map<String, List<String>> parameters) {
    if (!parameters.containsKey(CONTAINED) && !parameters.containsKey(CONTAINED_TYPE)) {
      return parameters;
    }
    Map<String, List<String>> out = new LinkedHashMap<>(parameters);
    out.remove(CONTAINED);
    out.remove(CONTAINED_TYPE);
    return out;
  }

  /** Whether the matches may be containers of another type than the searched one. */
  public boolean searchesContained() {
    return contained;
  }

  private static String single(Map<String, List<String>> parameters, String name, String dflt) {
    List<String> values = parameters.get(name);
    if (values == null || values.isEmpty()) {
      return dflt;
    }
    String first = values.get(0);
    for (String v : values) {
      if (!v.equals(first)) {
        throw FhirException.badRequest(
            "invalid-search-value", name + " is given with different values", name);
      }
    }
    return first;
  }

  private static FhirException invalid(String name, String allowed, String value) {
    return FhirException.badRequest(
        "invalid-search-value", name + " takes " + allowed + " (not '" + value + "')", name);
  }
}
