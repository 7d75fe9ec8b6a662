package health.custodian.security.policy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The break-glass grants of each user that had not expired when last read, so that building a
 * user's caller does not query {@code break_glass} on every request (a statement and a round trip
 * per request of every user, docs/benchmarks.md). Exact, not a time-to-live cache: grants are
 * written only through {@link BreakGlassService}, which calls {@link #changed} once each write has
 * committed, and every entry carries the generation it was read in, so an entry read before a
 * commit is never used after it. Which grant is in force is decided at each request's own instant
 * (granted at or before it, expiring after it, the longest-lasting), as the query did; an instant
 * earlier than the read (a clock set back) reads again. Emptied when full.
 */
final class ActiveGrants {

  private static final int CAPACITY = 10_000;

  private final BreakGlassStore store;
  private final AtomicLong generation = new AtomicLong();
  private final ConcurrentHashMap<String, Known> byUser = new ConcurrentHashMap<>();

  /** The user's grants unexpired at {@code readAt}, read in {@code generation}. */
  private record Known(long generation, Instant readAt, List<BreakGlassGrant> unexpired) {}

  ActiveGrants(BreakGlassStore store) {
    this.store = store;
  }

  /** The user's grant in force at {@code now} that lasts longest, if any. */
  Optional<BreakGlassGrant> inForce(String userId, Instant now) {
    long g = generation.get();
    Known known = byUser.get(userId);
    if (known == null || known.generation() != g || now.isBefore(known.readAt())) {
      known = new Known(g, now, store.unexpired(userId, now));
      if (byUser.size() >= CAPACITY) {
        byUser.clear();
      }
      byUser.put(userId, known);
    }
    BreakGlassGrant best = null;
    for (BreakGlassGrant grant : known.unexpired()) {
      if (!grant.granted().isAfter(now)
          && grant.expires().isAfter(now)
          && (best == null || grant.expires().isAfter(best.expires()))) {
        best = grant;
      }
    }
    return Optional.ofNullable(best);
  }

  /** After a grant or review has committed (or failed): entries read before are not used again. */
  void changed() {
    generation.incrementAndGet();
  }
}
