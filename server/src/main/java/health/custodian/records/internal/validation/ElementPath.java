package health.custodian.records.internal.validation;

import java.util.Arrays;

/**
 * The location of the validation walk ({@code Patient.name[0].given[1]}) as a stack of element
 * names and item indexes: going down and up costs an array store and a counter, and the text is
 * built only when an issue needs it. A {@link StringBuilder} kept in step would copy every name and
 * print every index of every resource, valid or not (single use, single thread).
 */
final class ElementPath {

  /** The element name of each level, or null for an item index level. */
  private String[] names = new String[16];

  private int[] indexes = new int[16];
  private int depth;

  /** The first push is the resource type; later ones are elements, written after a dot. */
  void push(String name) {
    grow();
    names[depth] = name;
    depth++;
  }

  /** An item of the array element pushed last, written {@code [i]}. */
  void pushIndex(int index) {
    grow();
    names[depth] = null;
    indexes[depth] = index;
    depth++;
  }

  int depth() {
    return depth;
  }

  /** Back to an earlier {@link #depth()}. */
  void popTo(int mark) {
    depth = mark;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(16 * depth);
    for (int i = 0; i < depth; i++) {
      String name = names[i];
      if (name == null) {
        text.append('[').append(indexes[i]).append(']');
      } else {
        if (i > 0) {
          text.append('.');
        }
        text.append(name);
      }
    }
    return text.toString();
  }

  private void grow() {
    if (depth == names.length) {
      names = Arrays.copyOf(names, depth * 2);
      indexes = Arrays.copyOf(indexes, depth * 2);
    }
  }
}
