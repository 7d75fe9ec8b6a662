package health.custodian.records.internal.validation;

import org.jspecify.annotations.Nullable;

/**
 * What the streaming check of a valid import line found out ({@link
 * StructuralValidator#validLine}).
 *
 * @param id the resource's {@code id}, if it has one
 * @param hasMeta whether it has a {@code meta} (then without {@code versionId} and {@code
 *     lastUpdated})
 */
public record StreamedResource(@Nullable String id, boolean hasMeta) {}
