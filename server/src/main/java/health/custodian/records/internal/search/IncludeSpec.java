package health.custodian.records.internal.search;

import org.jspecify.annotations.Nullable;

/**
 * One {@code _include} or {@code _revinclude} value (R4 search 3.1.1.5.4): {@code
 * SourceType:param}, {@code SourceType:param:TargetType}, {@code SourceType:*} or {@code *}.
 *
 * @param reverse true for {@code _revinclude}
 * @param iterate true with {@code :iterate} (or the R3 spelling {@code :recurse})
 * @param sourceType the type holding the reference; null for {@code *}
 * @param code the reference parameter; null for all of the source type's
 * @param targetType the referenced type required; null for any
 */
record IncludeSpec(
    boolean reverse,
    boolean iterate,
    @Nullable String sourceType,
    @Nullable String code,
    @Nullable String targetType) {

  /** Null when the value is malformed. */
  static @Nullable IncludeSpec parse(boolean reverse, boolean iterate, String value) {
    if (value.equals("*")) {
      return new IncludeSpec(reverse, iterate, null, null, null);
    }
    String[] parts = value.split(":", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return null;
    }
    String target = parts.length == 3 && !parts[2].isEmpty() ? parts[2] : null;
    String code = parts[1].equals("*") ? null : parts[1];
    return new IncludeSpec(reverse, iterate, parts[0], code, target);
  }
}
