package health.custodian.records.internal.bulk;

import health.custodian.records.internal.storage.References;
import health.custodian.records.internal.storage.WriteSession;
import health.custodian.records.internal.validation.StreamedResource;
import health.custodian.records.internal.write.ResourceChecks;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The import line check without a tree: what {@code ImportRunner.check} learns from a line's parsed
 * and validated tree (id, local reference keys, where the canonical tail starts), read in one
 * streaming pass ({@code StructuralValidator.validLine}) when the line is valid and canonical.
 * Otherwise, and for anything the streaming check leaves to the tree, null: the line then takes the
 * tree path unchanged, so every rejection and every stored byte stays as it was. Parsing the tree
 * and validating it were half of the JVM's time in a bulk load (docs/benchmarks.md, Bulk data,
 * "load phase, the JVM's side profiled").
 */
final class FastLine {

  /** How a line is validated without a tree: {@code ResourceChecks::validLine} in the server. */
  @FunctionalInterface
  interface Validator {
    @Nullable StreamedResource validLine(String type, byte[] json, Consumer<String> references);
  }

  /**
   * What the tree path would find for a valid, canonical line.
   *
   * @param id the resource id (valid R4 id)
   * @param keys the distinct local reference keys in document order ({@code References.localKeys})
   * @param tail where the text after the id starts ({@code CanonicalLine.tailStart})
   */
  record Facts(String id, Set<String> keys, int tail) {}

  private FastLine() {}

  /** The facts of a line of the input's type, or null when the tree path must decide. */
  static @Nullable Facts check(Validator validator, String type, byte[] line) {
    if (WriteSession.needsTree(type)) {
      return null;
    }
    Set<String> keys = new LinkedHashSet<>();
    StreamedResource resource =
        validator.validLine(
            type,
            line,
            reference -> {
              String key = References.localKey(reference);
              if (key != null) {
                keys.add(key);
              }
            });
    if (resource == null) {
      return null;
    }
    String id = resource.id();
    if (id == null || !ResourceChecks.isValidId(id)) {
      return null;
    }
    int tail = CanonicalLine.tailStart(type, id, resource.hasMeta(), line);
    return tail < 0 ? null : new Facts(id, keys, tail);
  }
}
