package health.custodian.records.internal.storage;

import ca.uhn.fhir.context.FhirContext;
import java.util.Set;
import java.util.TreeSet;

/** The R4 resource type names (from HAPI's model: 146 types in FHIR 4.0.1). */
public final class ResourceTypes {

  private static final Set<String> NAMES =
      Set.copyOf(new TreeSet<>(FhirContext.forR4Cached().getResourceTypes()));

  /**
   * The names by {@link String#hashCode} in an open-addressing table at most a quarter full, for
   * {@link #isKnown(String, int, int)}: a reference's type is looked up in place, without the
   * substring (and its hash) that {@code Set.contains} would need for every reference of a bulk
   * load. Never written after class initialisation.
   */
  private static final String[] TABLE = table();

  private static final int MASK = TABLE.length - 1;

  private ResourceTypes() {}

  public static boolean isKnown(String name) {
    return NAMES.contains(name);
  }

  /** Whether {@code text.substring(from, to)} is a resource type name, without that substring. */
  public static boolean isKnown(String text, int from, int to) {
    int length = to - from;
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + text.charAt(i);
    }
    for (int i = spread(h) & MASK; ; i = (i + 1) & MASK) {
      String name = TABLE[i];
      if (name == null) {
        return false;
      }
      if (name.length() == length && text.regionMatches(from, name, 0, length)) {
        return true;
      }
    }
  }

  public static Set<String> all() {
    return NAMES;
  }

  private static String[] table() {
    String[] table = new String[Integer.highestOneBit(NAMES.size() * 4 - 1) << 1];
    for (String name : NAMES) {
      int i = spread(name.hashCode()) & (table.length - 1);
      while (table[i] != null) {
        i = (i + 1) & (table.length - 1);
      }
      table[i] = name;
    }
    return table;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }
}
