package health.custodian.records.internal.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import health.custodian.records.ResourceChange;
import health.custodian.records.ResourcesChanged;
import health.custodian.records.internal.search.SearchIndexer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The writes of one database transaction: a single interaction or a whole transaction Bundle.
 * Versions are staged (ids claimed, rows locked, versions numbered, meta set), then written
 * together by {@link #flush()}: batched inserts, the link and search index tables, the
 * referential-integrity checks and one {@link ResourcesChanged} event, all before commit.
 *
 * <p>Not thread-safe: one session belongs to one transaction on one thread.
 */
public final class WriteSession {

  private final ResourceRepository repository;
  private final SearchIndexer indexer;
  private final ApplicationEventPublisher events;
  private final WriteSettings settings;
  private final ConsentDenials consents;
  private final Instant now;
  private final @Nullable WriteGuard guard;
  private final Set<ResourceKey> checkedReplacements = new HashSet<>();
  private final Map<ResourceKey, PendingVersion> staged = new LinkedHashMap<>();
  private boolean checkReferences = true;
  private boolean deferIndexing;
  private boolean copyNewRows;
  private final Map<ResourceKey, Set<String>> knownReferences = new HashMap<>();
  private final Map<ResourceKey, KnownTail> knownTails = new HashMap<>();
  private @Nullable Instant instantFormatted;
  private String instantText = "";
  private final SessionRows rows;

  WriteSession(
      ResourceRepository repository,
      SearchIndexer indexer,
      ApplicationEventPublisher events,
      WriteSettings settings,
      ConsentDenials consents,
      @Nullable WriteGuard guard,
      Instant now) {
    this.consents = consents;
    this.guard = guard;
    this.repository = repository;
    this.indexer = indexer;
    this.events = events;
    this.settings = settings;
    this.now = now.truncatedTo(ChronoUnit.MILLIS);
    this.rows = new SessionRows(repository, this.now);
  }

  /** Fetches keys for {@code count} upcoming creates in one round trip. */
  public void reserve(int count) {
    rows.reserve(count);
  }

  /**
   * Locks the existing rows of these resources and claims the ids of the new ones, in two round
   * trips instead of two per resource; later {@link #update} calls for them reuse the result. Used
   * by bulk loads, where per-resource round trips would dominate.
   */
  public void lockOrClaimAll(String type, List<String> ids) {
    rows.lockOrClaimAll(type, ids, copyNewRows);
  }

  /**
   * Writes new resources, all versions and links with {@code COPY} instead of batched inserts, and
   * lets {@link #lockOrClaimAll} leave the rows of new ids to that copy instead of claiming them
   * one statement early: for bulk loads, where it saves the driver binding every parameter and one
   * statement per claim (measured on Synthea data: PostgreSQL's CPU stays about the same, its cost
   * being per row and index entry; docs/benchmarks.md). Call before {@link #lockOrClaimAll}.
   */
  public void copyNewRows() {
    copyNewRows = true;
  }

  /**
   * Leaves out the referential-integrity check at {@link #flush()}: for bulk loads, whose caller
   * checks references itself, against the store and the rest of the load.
   */
  public void skipReferenceCheck() {
    checkReferences = false;
  }

  /**
   * Records the staged resources as pending in the search index instead of indexing them at {@link
   * #flush()}: for bulk loads, which index in a second phase ({@code PendingIndex}) and report
   * completion only after it.
   */
  public void deferIndexing() {
    deferIndexing = true;
  }

  /**
   * The local references ({@link References#localKeys}) of a resource staged in this session,
   * collected by the caller already: bulk loads collect them on their parsing thread, which saves
   * this session a walk of the tree at {@link #flush()}.
   */
  public void knownReferences(String type, String id, Set<String> localKeys) {
    knownReferences.put(new ResourceKey(type, id), localKeys);
  }

  /**
   * The client's JSON text after {@code {"resourceType":T,"id":X}} of a resource about to be staged
   * in this session, as the UTF-8 bytes {@code text[from..]} (the NDJSON line it was read in),
   * known (by the caller's check) to be exactly what serialising its tree would give, with a {@code
   * meta} of the client (if any) right after the id and without {@code versionId} or {@code
   * lastUpdated}: its stored body is then this text with the server's {@code meta} elements spliced
   * in ({@code ResourceMeta.splice}), instead of the tree serialised again. Bulk loads use it; the
   * version and time are still this session's. The bytes are not copied: the caller must not change
   * them.
   */
  public void knownBodyTail(String type, String id, byte[] text, int from) {
    byte[] exact = SplicedBody.wellFormed(text, from);
    knownTails.put(new ResourceKey(type, id), new KnownTail(exact, exact == text ? from : 0));
  }

  /** A tail given to {@link #knownBodyTail}: well-formed UTF-8 from {@code from} on. */
  private record KnownTail(byte[] text, int from) {
    String string() {
      return new String(text, from, text.length - from, StandardCharsets.UTF_8);
    }
  }

  /** The gateway's guard of this session; null for the server's own work (bulk import). */
  public @Nullable WriteGuard guard() {
    return guard;
  }

  /** Stages a create with a server-assigned (hence fresh) id. */
  public StoredVersion create(String type, String id, ObjectNode resource) {
    if (guard != null) {
      guard.permit("POST", type);
    }
    long pk = rows.nextPk();
    return stage(pk, type, id, 1, now, "POST", ResourceChange.Action.CREATED, false, resource)
        .stored();
  }

  /**
   * Stages an update (or update-as-create with a client id, R4 3.1.0.4.3). The resource's row is
   * locked until commit, so concurrent updates serialise and {@code ifMatch} is checked against the
   * version that will really be replaced.
   */
  public StoredVersion update(
      String type, String id, ObjectNode resource, @Nullable Integer ifMatch, String method) {
    return upsert(type, id, resource, ifMatch, method).stored();
  }

  /**
   * Whether a bulk load must still hand this type's resources to the session as trees even when
   * their body is known ({@link #updateWithKnownBody}): Consent resources, whose deny provisions
   * are read from the tree at {@link #flush()}.
   */
  public static boolean needsTree(String type) {
    return type.equals("Consent");
  }

  /**
   * {@link #update} without the parsed tree, for a resource whose stored body is its known tail
   * ({@link #knownBodyTail}) in a session that defers indexing and was given its references ({@link
   * #knownReferences}): a bulk load then needs no tree after its parsing thread, which lets the
   * trees die young instead of being copied by every young collection while their batch waits for
   * its writer (docs/benchmarks.md, Bulk data, "load phase: where the CPU goes"). Returns nothing:
   * the stored text is never built as a {@code String} ({@link SplicedBody}).
   */
  public void updateWithKnownBody(String type, String id, String method) {
    ResourceKey key = new ResourceKey(type, id);
    if (!deferIndexing
        || needsTree(type)
        || !knownTails.containsKey(key)
        || !knownReferences.containsKey(key)) {
      throw new IllegalStateException("no known body, references or deferred index for " + key);
    }
    upsert(type, id, null, null, method);
  }

  private PendingVersion upsert(
      String type,
      String id,
      @Nullable ObjectNode resource,
      @Nullable Integer ifMatch,
      String method) {
    if (guard != null) {
      guard.permit(method, type);
    }
    CurrentRow row = rows.lockOrClaim(type, id);
    if (row != null && !row.deleted()) {
      checkReplacing(method, type, id, row.pk());
    }
    if (row == null) {
      if (ifMatch != null) {
        throw new FhirException(
            412,
            "version-conflict",
            "conflict",
            "If-Match names version " + ifMatch + " but " + type + "/" + id + " does not exist");
      }
      CurrentRow claimed = rows.claimed(type, id);
      boolean rowExists = !rows.insertedAtFlush(type, id);
      return stage(
          claimed.pk(),
          type,
          id,
          1,
          now,
          method,
          ResourceChange.Action.CREATED,
          rowExists,
          resource);
    }
    checkIfMatch(type, id, row, ifMatch);
    return stage(
        row.pk(),
        type,
        id,
        row.version() + 1,
        after(row.lastUpdated()),
        method,
        row.deleted() ? ResourceChange.Action.CREATED : ResourceChange.Action.UPDATED,
        true,
        resource);
  }

  /** Stages a delete; empty when there is nothing live to delete (R4 3.1.0.7: still a success). */
  public Optional<StoredVersion> delete(String type, String id, @Nullable Integer ifMatch) {
    if (guard != null) {
      guard.permit("DELETE", type);
    }
    CurrentRow row = rows.heldOrLock(type, id);
    if (row == null || row.deleted()) {
      return Optional.empty();
    }
    checkReplacing("DELETE", type, id, row.pk());
    checkIfMatch(type, id, row, ifMatch);
    return Optional.of(
        stage(
                row.pk(),
                type,
                id,
                row.version() + 1,
                after(row.lastUpdated()),
                "DELETE",
                ResourceChange.Action.DELETED,
                true,
                null)
            .stored());
  }

  /** Locks a resource and returns its current version for a read-modify-write such as PATCH. */
  public StoredVersion lockForChange(String type, String id, @Nullable Integer ifMatch) {
    if (guard != null) {
      guard.permit("PATCH", type);
    }
    CurrentRow row = rows.lock(type, id);
    if (row == null) {
      throw FhirException.notFound("not-found", "Resource " + type + "/" + id + " is not known");
    }
    if (row.deleted()) {
      throw new FhirException(
          410, "gone", "deleted", "Resource " + type + "/" + id + " is deleted");
    }
    checkReplacing("PATCH", type, id, row.pk());
    checkIfMatch(type, id, row, ifMatch);
    return repository
        .version(type, id, row.version())
        .orElseThrow(() -> new IllegalStateException("current version row missing"));
  }

  /**
   * Serialises conditional operations on the same condition until commit (PostgreSQL advisory
   * transaction lock), so that two identical conditional creates cannot both create.
   */
  public void lockCondition(String condition) {
    repository.lockCondition(condition);
  }

  /** Whether this session already staged a version of the resource. */
  public boolean touches(String type, String id) {
    return staged.containsKey(new ResourceKey(type, id));
  }

  /**
   * Writes everything staged, checks references, and publishes the change event. Throws a {@link
   * FhirException} (the caller's transaction then rolls back) when integrity would be broken.
   */
  public void flush() {
    if (staged.isEmpty()) {
      return;
    }
    List<PendingVersion> versions = new ArrayList<>(staged.values());
    repository.write(versions, copyNewRows);

    List<ResourceRepository.Link> links = new ArrayList<>();
    Set<Long> sources = new HashSet<>();
    boolean checking = settings.enforceReferences() && checkReferences;
    // Sorted for a stable query; only built when checked (a bulk load checks on its own, and the
    // sorted set was a tenth of its writer thread's samples).
    Set<String> targets = checking ? new TreeSet<>() : Set.of();
    List<SearchIndexer.IndexedResource> toIndex = new ArrayList<>();
    List<Long> live = new ArrayList<>();
    List<Long> removed = new ArrayList<>();
    for (PendingVersion v : versions) {
      if (v.action() != ResourceChange.Action.CREATED || v.rowExists()) {
        sources.add(v.pk());
      }
      // A tombstone has no body; a live version may have no tree (updateWithKnownBody).
      if (!v.live()) {
        removed.add(v.pk());
        continue;
      }
      live.add(v.pk());
      ObjectNode tree = v.resource();
      if (!deferIndexing) {
        toIndex.add(
            new SearchIndexer.IndexedResource(
                v.pk(), v.resourceType(), Objects.requireNonNull(tree, "tree to index")));
      }
      Set<String> keys = knownReferences.get(new ResourceKey(v.resourceType(), v.id()));
      for (String key :
          keys != null
              ? keys
              : References.localKeys(Objects.requireNonNull(tree, "tree for references"))) {
        links.add(new ResourceRepository.Link(v.pk(), key));
        if (checking) {
          targets.add(key);
        }
      }
    }
    repository.replaceLinks(sources, links, copyNewRows);
    if (deferIndexing) {
      indexer.defer(live);
    } else if (!toIndex.isEmpty()) {
      indexer.index(toIndex);
    }
    if (!removed.isEmpty()) {
      indexer.remove(removed);
    }
    if (checking) {
      Integrity.refuseBrokenReferences(repository, targets, versions, links);
    }
    if (settings.enforceDeleteIntegrity()) {
      Integrity.refuseDeletingReferenced(repository, versions, removed);
    }
    List<ResourceChange> changes = new ArrayList<>(versions.size());
    for (PendingVersion v : versions) {
      changes.add(v.change());
    }
    consents.update(versions);
    if (guard != null) {
      // Only the guard needs the versions with their text (never a bulk load's spliced bodies).
      List<StoredVersion> written = new ArrayList<>(versions.size());
      for (PendingVersion v : versions) {
        written.add(v.stored());
      }
      guard.written(written);
    }
    events.publishEvent(new ResourcesChanged(changes));
    staged.clear();
  }

  /** Asks the guard once per resource whether the caller may see what it replaces. */
  private void checkReplacing(String method, String type, String id, long pk) {
    if (guard != null && checkedReplacements.add(new ResourceKey(type, id))) {
      guard.replacing(method, type, id, pk);
    }
  }

  private PendingVersion stage(
      long pk,
      String type,
      String id,
      int version,
      Instant lastUpdated,
      String method,
      ResourceChange.Action action,
      boolean rowExists,
      @Nullable ObjectNode resource) {
    ResourceKey key = new ResourceKey(type, id);
    if (staged.containsKey(key)) {
      // R4 3.1.0.11.2: a transaction may not touch the same resource twice.
      throw new FhirException(
          400,
          "duplicate-entry",
          "duplicate",
          "The resource " + key + " is changed more than once in one transaction");
    }
    String body = null;
    SplicedBody spliced = null;
    KnownTail tail = knownTails.remove(key);
    if (resource == null && tail != null && action != ResourceChange.Action.DELETED) {
      // updateWithKnownBody: the stored body without a tree, as bytes.
      spliced =
          SplicedBody.of(type, id, version, instantText(lastUpdated), tail.text(), tail.from());
    } else if (resource != null) {
      if (tail == null || !deferIndexing) {
        // The tree gets the server's meta for the index rows written at flush (_lastUpdated) and
        // for serialising; a deferred index reads the stored body instead, and a known tail makes
        // that body without the tree.
        ResourceMeta.set(resource, type, id, version, lastUpdated);
      }
      body =
          tail != null
              ? ResourceMeta.splice(type, id, version, lastUpdated, tail.string())
              : ResourceMeta.serialize(resource);
    }
    PendingVersion pending =
        new PendingVersion(
            pk, type, id, version, lastUpdated, method, action, rowExists, resource, body, spliced);
    staged.put(key, pending);
    return pending;
  }

  /**
   * {@link ResourceMeta#instant}, remembered for the last time formatted: a session's new versions
   * share its time, and formatting it per version was a twentieth of a bulk writer's samples.
   */
  private String instantText(Instant lastUpdated) {
    if (!lastUpdated.equals(instantFormatted)) {
      instantText = ResourceMeta.instant(lastUpdated);
      instantFormatted = lastUpdated;
    }
    return instantText;
  }

  private Instant after(Instant previous) {
    return now.isAfter(previous) ? now : previous.plusMillis(1);
  }

  private static void checkIfMatch(
      String type, String id, CurrentRow row, @Nullable Integer ifMatch) {
    if (ifMatch != null && ifMatch != row.version()) {
      throw new FhirException(
          412,
          "version-conflict",
          "conflict",
          "If-Match names version "
              + ifMatch
              + " but the current version of "
              + type
              + "/"
              + id
              + " is "
              + row.version());
    }
  }
}
