package health.custodian.records.internal.validation;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An immutable map from JSON property names to {@link Property}, looked up once for every property
 * of every validated object: open addressing over one array holding each name next to its property,
 * so a lookup usually reads one cache line, and names compared by identity first (Jackson
 * canonicalises the names it parses and the names here are interned, so a hit rarely compares
 * characters). A {@link java.util.HashMap} reads its table, then a node, then the value.
 */
final class PropertyTable {

  private static final PropertyTable EMPTY = new PropertyTable(Map.of());

  /** name, property, name, property... with null names for free slots; at most a quarter full. */
  private final Object[] slots;

  private final int mask;

  private PropertyTable(Map<String, Property> properties) {
    int capacity = Integer.highestOneBit(Math.max(4, properties.size() * 4 - 1)) << 1;
    slots = new Object[capacity * 2];
    mask = capacity - 1;
    for (Map.Entry<String, Property> e : properties.entrySet()) {
      String name = e.getKey().intern();
      int i = slot(name);
      while (slots[2 * i] != null) {
        i = (i + 1) & mask;
      }
      slots[2 * i] = name;
      slots[2 * i + 1] = e.getValue();
    }
  }

  static PropertyTable of(Map<String, Property> properties) {
    return properties.isEmpty() ? EMPTY : new PropertyTable(properties);
  }

  @Nullable Property get(String name) {
    for (int i = slot(name); ; i = (i + 1) & mask) {
      Object key = slots[2 * i];
      if (key == null) {
        return null;
      }
      if (key == name || key.equals(name)) {
        return (Property) slots[2 * i + 1];
      }
    }
  }

  private int slot(String name) {
    int h = name.hashCode();
    return (h ^ (h >>> 16)) & mask;
  }
}
