package health.custodian.records.internal.bulk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.storage.RecordReader;
import health.custodian.records.internal.storage.WriteSession;
import health.custodian.records.internal.storage.WriteSessions;
import health.custodian.records.internal.write.RecordWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Up to a few thousand checked resources of one type, written in one transaction through a {@link
 * WriteSession} (versions and {@code meta} as for any create or update, new rows by {@code COPY},
 * search index rows deferred to the import's second phase, one {@code ResourcesChanged} event).
 * Resources with an id are upserted (PUT semantics: a new version if it exists), others created
 * with a new id. If the batch fails as a whole, each resource is retried in its own transaction so
 * that good lines still load and each bad one is reported.
 */
final class ImportBatch {

  /**
   * One line's resource.
   *
   * @param references its local references ({@code References.localKeys}), collected on the parsing
   *     thread
   * @param resource the parsed tree; null when the tail is known and the writer needs no tree
   *     ({@code WriteSession.needsTree})
   * @param text the line, when its text after the id (from {@code tail} on) can be stored as it is
   *     ({@link CanonicalLine}); null otherwise
   * @param tail where that text begins in {@code text}; -1 when {@code text} is null
   */
  record Item(
      long line,
      @Nullable String id,
      @Nullable ObjectNode resource,
      Set<String> references,
      int bytes,
      byte @Nullable [] text,
      int tail) {}

  private final String type;
  private final WriteSessions sessions;
  private final RecordReader reader;
  private final @Nullable KeySet importKeys;
  private final List<Item> items = new ArrayList<>();
  private long bytes;

  /**
   * @param importKeys the keys of every resource in the import, for the reference check; null to
   *     skip the check
   */
  ImportBatch(
      String type, WriteSessions sessions, RecordReader reader, @Nullable KeySet importKeys) {
    this.type = type;
    this.sessions = sessions;
    this.reader = reader;
    this.importKeys = importKeys;
  }

  int size() {
    return items.size();
  }

  /** The NDJSON bytes of the batch's lines: a bound on memory whatever the resources' size. */
  long bytes() {
    return bytes;
  }

  void add(Item item) {
    items.add(item);
    bytes += item.bytes();
  }

  /** Writes the batch; returns the number stored, rejected lines go to errors. */
  long write(ImportErrors errors) {
    List<Item> ready = importKeys == null ? items : checkReferences(errors, importKeys);
    long stored = 0;
    if (!ready.isEmpty()) {
      try {
        sessions.inTransaction(session -> stage(session, ready));
        stored = ready.size();
      } catch (RuntimeException batchFailure) {
        for (Item item : ready) {
          try {
            sessions.inTransaction(session -> stage(session, List.of(item)));
            stored++;
          } catch (RuntimeException e) {
            errors.reject(item.line(), e);
          }
        }
      }
    }
    return stored;
  }

  private boolean stage(WriteSession session, List<Item> batch) {
    // References were checked against the store and the whole import above (or deliberately not).
    session.skipReferenceCheck();
    // Index rows come in the import's second phase (PendingIndex), set-based, before completion.
    session.deferIndexing();
    // New rows by COPY; a concurrent create of one of the ids fails the batch, retried one by one.
    session.copyNewRows();
    List<String> withId = new ArrayList<>();
    int created = 0;
    for (Item item : batch) {
      if (item.id() != null) {
        withId.add(item.id());
      } else {
        created++;
      }
    }
    session.reserve(created);
    session.lockOrClaimAll(type, withId);
    for (Item item : batch) {
      String id = item.id();
      if (id != null) {
        byte[] text = item.text();
        if (text != null) {
          session.knownBodyTail(type, id, text, item.tail());
        }
        session.knownReferences(type, id, item.references());
        ObjectNode resource = item.resource();
        if (resource == null) {
          session.updateWithKnownBody(type, id, "PUT");
        } else {
          session.update(type, id, resource, null, "PUT");
        }
      } else {
        id = RecordWriter.newId();
        session.knownReferences(type, id, item.references());
        session.create(
            type, id, Objects.requireNonNull(item.resource(), "a resource without id has a tree"));
      }
    }
    return true;
  }

  /**
   * Rejects items whose local references point at resources neither in the import nor stored (one
   * query per batch for the candidates not in the import).
   */
  private List<Item> checkReferences(ImportErrors errors, KeySet importKeys) {
    List<Set<String>> outside = new ArrayList<>(items.size());
    Set<String> candidates = new HashSet<>();
    for (Item item : items) {
      // Nearly every reference is to the import itself: no set per item for those.
      Set<String> refs = Set.of();
      for (String key : item.references()) {
        if (!importKeys.contains(key)) {
          if (refs.isEmpty()) {
            refs = new LinkedHashSet<>();
          }
          refs.add(key);
        }
      }
      outside.add(refs);
      candidates.addAll(refs);
    }
    Set<String> missing = candidates.isEmpty() ? Set.of() : reader.missing(candidates);
    if (missing.isEmpty()) {
      return List.copyOf(items);
    }
    List<Item> ready = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Set<String> bad = new TreeSet<>(outside.get(i));
      bad.retainAll(missing);
      if (bad.isEmpty()) {
        ready.add(items.get(i));
      } else {
        errors.reject(
            items.get(i).line(),
            new FhirException(
                400,
                "reference-not-found",
                "not-found",
                "Local reference(s) to resources neither stored nor in the import: "
                    + String.join(", ", bad)));
      }
    }
    return ready;
  }
}
