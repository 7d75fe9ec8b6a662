package health.custodian.records.internal.storage;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code resource} rows a {@link WriteSession} holds: rows it has locked (until commit, so that
 * concurrent writers of one resource serialise) and ids it has claimed for new resources, with the
 * keys reserved for its creates. Not thread-safe, like the session.
 */
final class SessionRows {

  private final ResourceRepository repository;
  private final Instant now;
  private final Map<ResourceKey, CurrentRow> held = new LinkedHashMap<>();
  private final Deque<Long> reservedPks = new ArrayDeque<>();
  private final Set<ResourceKey> insertAtFlush = new HashSet<>();

  SessionRows(ResourceRepository repository, Instant now) {
    this.repository = repository;
    this.now = now;
  }

  /** Fetches keys for {@code count} upcoming creates in one round trip. */
  void reserve(int count) {
    if (count > 0) {
      for (long pk : repository.nextPks(count)) {
        reservedPks.add(pk);
      }
    }
  }

  /** A key for a create: a reserved one, else a fresh one. */
  long nextPk() {
    Long pk = reservedPks.poll();
    return pk != null ? pk : repository.nextPks(1)[0];
  }

  /**
   * Locks the existing rows of these resources and claims the ids of the new ones, in two round
   * trips; with {@code copyNewRows} the new ones only get keys, their rows being copied in at flush
   * ({@link #insertedAtFlush}).
   */
  void lockOrClaimAll(String type, List<String> ids, boolean copyNewRows) {
    List<String> wanted = new ArrayList<>();
    for (String id : ids) {
      if (!held.containsKey(new ResourceKey(type, id))) {
        wanted.add(id);
      }
    }
    if (wanted.isEmpty()) {
      return;
    }
    Map<String, CurrentRow> rows = repository.lockCurrentAll(type, wanted);
    rows.forEach((id, row) -> held.put(new ResourceKey(type, id), row));
    List<String> absent = new ArrayList<>();
    for (String id : wanted) {
      if (!rows.containsKey(id)) {
        absent.add(id);
      }
    }
    if (copyNewRows) {
      // Keys only: the rows are copied in at flush. An id another transaction creates meanwhile
      // makes the copy fail on the unique key and the whole transaction roll back (bulk loads
      // then retry each resource on its own, through lockOrClaim).
      long[] pks = absent.isEmpty() ? new long[0] : repository.nextPks(absent.size());
      for (int i = 0; i < pks.length; i++) {
        ResourceKey key = new ResourceKey(type, absent.get(i));
        held.put(key, new CurrentRow(pks[i], 0, true, now));
        insertAtFlush.add(key);
      }
      return;
    }
    // Ids another transaction claimed meanwhile stay out: lockOrClaim then takes the one-by-one
    // path for them, which handles that race.
    repository
        .claimIds(type, absent, now)
        .forEach((id, pk) -> held.put(new ResourceKey(type, id), new CurrentRow(pk, 0, true, now)));
  }

  /** Locks the resource's row; null when it has none. */
  @Nullable CurrentRow lock(String type, String id) {
    CurrentRow row = repository.lockCurrent(type, id).orElse(null);
    if (row != null) {
      held.put(new ResourceKey(type, id), row);
    }
    return row;
  }

  /** The row held already, else {@link #lock}. */
  @Nullable CurrentRow heldOrLock(String type, String id) {
    ResourceKey key = new ResourceKey(type, id);
    return held.containsKey(key) ? held.get(key) : lock(type, id);
  }

  /** Locks the existing row, or claims the id with a fresh row; null when newly claimed. */
  @Nullable CurrentRow lockOrClaim(String type, String id) {
    CurrentRow known = held.get(new ResourceKey(type, id));
    if (known != null) {
      // Claimed by lockOrClaimAll (version 0: no version yet) or locked earlier in this session.
      return known.version() == 0 ? null : known;
    }
    CurrentRow row = lock(type, id);
    while (row == null) {
      Optional<Long> claimed = repository.claimId(type, id, now);
      if (claimed.isPresent()) {
        held.put(new ResourceKey(type, id), new CurrentRow(claimed.get(), 0, true, now));
        return null;
      }
      // Another transaction created it first and has committed: update that one instead.
      row = lock(type, id);
    }
    return row;
  }

  /** The row claimed for a new resource by {@link #lockOrClaim} or {@link #lockOrClaimAll}. */
  CurrentRow claimed(String type, String id) {
    return Objects.requireNonNull(held.get(new ResourceKey(type, id)), "claimed row");
  }

  /** Whether the new resource's row is written at flush rather than claimed already. */
  boolean insertedAtFlush(String type, String id) {
    return insertAtFlush.contains(new ResourceKey(type, id));
  }
}
