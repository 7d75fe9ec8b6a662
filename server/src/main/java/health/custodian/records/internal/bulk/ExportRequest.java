package health.custodian.records.internal.bulk;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A validated {@code $export} kick-off (IG v2.0.0 "Bulk Data Kick-off Request"), stored with the
 * job so that a re-queued job runs the same request.
 *
 * @param level system, patient or group
 * @param groupId the Group for group level
 * @param types resource types to export, in output order
 * @param since only resources changed after this instant (ISO-8601), or null
 * @param typeFilters per type, search queries (without the type) whose matches are ORed
 * @param patients patient ids to restrict patient/group level to; empty: no restriction
 * @param elements element names to keep ({@code _elements}); empty: whole resources
 * @param latestProvenance {@code includeAssociatedData=LatestProvenanceResources}: the Provenance
 *     file holds the most recent Provenance targeting each exported resource, and only those (false
 *     in requests stored before it existed)
 */
record ExportRequest(
    Level level,
    @Nullable String groupId,
    List<String> types,
    @Nullable String since,
    Map<String, List<String>> typeFilters,
    List<String> patients,
    List<String> elements,
    boolean latestProvenance) {

  static final String PROVENANCE = "Provenance";

  /**
   * The types whose resources the job may write: {@link #types} and, with {@link
   * #latestProvenance}, Provenance (whose export the kick-off caller must be permitted too).
   */
  List<String> exportedTypes() {
    if (!latestProvenance || types.contains(PROVENANCE)) {
      return types;
    }
    List<String> out = new java.util.ArrayList<>(types);
    out.add(PROVENANCE);
    return List.copyOf(out);
  }

  enum Level {
    SYSTEM,
    PATIENT,
    GROUP
  }
}
