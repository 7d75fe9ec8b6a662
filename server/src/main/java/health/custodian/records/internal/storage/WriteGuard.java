package health.custodian.records.internal.storage;

import java.util.List;
import java.util.Map;

/**
 * The records gateway's hold on a write session (issue #5): the session asks it before it stages a
 * change and after it has written, so that single interactions, transaction and batch entries and
 * conditional writes are all authorised the same way, in the write's own transaction.
 */
public interface WriteGuard {

  /** Refuses (403) when the caller may not write resources of this type this way. */
  void permit(String method, String type);

  /**
   * Called with the row lock held, before an existing live version is replaced or deleted: refuses
   * (as not-found, like a missing resource) when the caller may not see it.
   */
  void replacing(String method, String type, String id, long pk);

  /**
   * Called by {@link WriteSession#flush()} once versions and their index rows are written, before
   * commit: refuses (403) when new content falls outside what the caller may see (another patient's
   * compartment, a label it lacks clearance for). The transaction then rolls back.
   */
  void written(List<StoredVersion> versions);

  /** The keys of conditional matches, only among resources the caller may see. */
  List<Long> match(String type, Map<String, List<String>> parameters, int limit);

  /** Refuses (as not-found) a version read inside a Bundle that the caller may not see. */
  void read(StoredVersion version);
}
