package health.custodian.records.internal.search;

import org.jspecify.annotations.Nullable;

/**
 * A parsed reference (R4 2.3.0 "References"): relative {@code Type/id} (a version suffix {@code
 * /_history/v} is dropped, search matches the resource) or absolute, kept whole with no type.
 *
 * @param targetType the resource type of a relative reference, null for an absolute one
 * @param targetId the id of a relative reference, the whole url of an absolute one
 */
record ReferenceValue(@Nullable String targetType, String targetId) {

  /** Parses a reference string; null for contained ({@code #x}) and malformed references. */
  static @Nullable ReferenceValue parse(String reference) {
    if (reference.isEmpty() || reference.startsWith("#")) {
      return null;
    }
    if (isAbsolute(reference)) {
      return new ReferenceValue(null, reference);
    }
    String[] parts = reference.split("/", -1);
    boolean plain = parts.length == 2;
    boolean versioned = parts.length == 4 && parts[2].equals("_history");
    if (!(plain || versioned) || !isType(parts[0]) || parts[1].isEmpty()) {
      return null;
    }
    return new ReferenceValue(parts[0], parts[1]);
  }

  static boolean isAbsolute(String reference) {
    return reference.contains(":");
  }

  /**
   * The target type written in a reference: the first segment of a relative one, the segment before
   * the id of an absolute RESTful url ({@code http://x/fhir/Patient/1/_history/2}).
   */
  static @Nullable String targetType(String reference) {
    String ref = reference;
    int history = ref.indexOf("/_history/");
    if (history >= 0) {
      ref = ref.substring(0, history);
    }
    if (isAbsolute(ref)) {
      int last = ref.lastIndexOf('/');
      int previous = last > 0 ? ref.lastIndexOf('/', last - 1) : -1;
      if (previous < 0) {
        return null;
      }
      String type = ref.substring(previous + 1, last);
      return isType(type) ? type : null;
    }
    int slash = ref.indexOf('/');
    return slash > 0 && isType(ref.substring(0, slash)) ? ref.substring(0, slash) : null;
  }

  private static boolean isType(String s) {
    if (s.isEmpty() || !Character.isUpperCase(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!Character.isLetter(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
