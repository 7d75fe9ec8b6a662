package health.custodian.records.internal.bundle;

import health.custodian.records.FhirException;
import health.custodian.records.internal.storage.BrokenReferencesException;
import health.custodian.records.internal.storage.References;
import health.custodian.records.internal.storage.WriteSession;
import health.custodian.records.internal.validation.InvalidResourceException;
import health.custodian.records.internal.validation.Paths;
import health.custodian.records.internal.write.Criteria;
import health.custodian.records.internal.write.RecordWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Plans and runs a transaction (R4 3.1.0.11.2): ids are chosen for every created resource first, so
 * that {@code urn:uuid:} fullUrls and conditional references can be rewritten to {@code Type/id} in
 * all resources; then entries run in the spec's order — DELETE, POST, PUT/PATCH, then GET/HEAD — in
 * one write session.
 */
@Component
class TransactionPlanner {

  private final EntryExecutor executor;
  private final RecordWriter writer;

  TransactionPlanner(EntryExecutor executor, RecordWriter writer) {
    this.executor = executor;
    this.writer = writer;
  }

  List<EntryResult> run(WriteSession session, List<Entry> entries, String base) {
    Map<String, String> fullUrls = new HashMap<>();
    Map<Integer, String> presetIds = new HashMap<>();
    Map<Integer, EntryResult> matched = new HashMap<>();
    int posts = 0;
    for (Entry e : entries) {
      if (e.method().equals("POST") && e.ifNoneExist() != null) {
        // Conditional create: find the match now, so references to it resolve to it.
        var existing = writer.matchForCreate(session, e.urlType(), Criteria.parse(e.ifNoneExist()));
        if (existing.isPresent()) {
          var v = existing.get();
          matched.put(e.index(), EntryResult.of(e.index(), 200, v, null));
          if (e.fullUrl() != null) {
            fullUrls.put(e.fullUrl(), v.resourceType() + "/" + v.id());
          }
          continue;
        }
      }
      if (e.method().equals("POST")) {
        posts++;
        String id = RecordWriter.newId();
        presetIds.put(e.index(), id);
        if (e.fullUrl() != null) {
          fullUrls.put(e.fullUrl(), e.urlType() + "/" + id);
        }
      } else if (e.method().equals("PUT") && e.fullUrl() != null && e.urlId() != null) {
        fullUrls.put(e.fullUrl(), e.urlType() + "/" + e.urlId());
      }
    }
    session.reserve(posts);
    Map<String, String> conditionalRefs = new HashMap<>();
    for (Entry e : entries) {
      if (e.resource() != null) {
        try {
          References.rewrite(
              e.resource(), ref -> resolve(session, ref, fullUrls, conditionalRefs, base));
        } catch (FhirException ex) {
          throw under(e, ex);
        }
      }
    }
    List<Entry> ordered = new ArrayList<>(entries);
    ordered.sort(Comparator.comparingInt(TransactionPlanner::rank));
    List<EntryResult> results = new ArrayList<>(entries.size());
    for (Entry e : ordered) {
      if (matched.containsKey(e.index())) {
        results.add(matched.get(e.index()));
        continue;
      }
      try {
        results.add(executor.execute(session, e, presetIds.get(e.index())));
      } catch (InvalidResourceException ex) {
        throw ex.under(e.at() + ".resource");
      } catch (FhirException ex) {
        throw under(e, ex);
      }
    }
    try {
      session.flush();
    } catch (BrokenReferencesException ex) {
      Map<String, Integer> entryOf = new HashMap<>();
      for (EntryResult r : results) {
        if (r.version() != null) {
          entryOf.put(r.version().resourceType() + "/" + r.version().id(), r.index());
        }
      }
      throw ex.withExpressions(
          b ->
              entryOf.containsKey(b.source())
                  ? "Bundle.entry[" + entryOf.get(b.source()) + "].resource"
                  : b.source());
    }
    return results;
  }

  private String resolve(
      WriteSession session,
      String ref,
      Map<String, String> fullUrls,
      Map<String, String> conditionalRefs,
      String base) {
    String mapped = fullUrls.get(ref);
    if (mapped != null) {
      return mapped;
    }
    if (ref.startsWith("urn:uuid:") || ref.startsWith("urn:oid:")) {
      throw FhirException.badRequest(
          "unresolved-reference",
          "The reference " + ref + " names no entry of this transaction",
          null);
    }
    if (ref.startsWith(base + "/")) {
      return ref.substring(base.length() + 1);
    }
    int q = ref.indexOf('?');
    // Only the part before '?' decides: criteria values often hold urls (identifier=http://...|x).
    if (q > 0
        && !ref.substring(0, q).contains(":")
        && References.localKey(ref.substring(0, q) + "/x") != null) {
      return conditionalRefs.computeIfAbsent(
          ref, r -> writer.resolveConditionalReference(session, r));
    }
    return ref;
  }

  /** R4 3.1.0.11.2 processing order. */
  private static int rank(Entry e) {
    return switch (e.method()) {
      case "DELETE" -> 0;
      case "POST" -> 1;
      case "PUT", "PATCH" -> 2;
      default -> 3;
    };
  }

  private static FhirException under(Entry e, FhirException ex) {
    List<String> expressions =
        ex.expressions().isEmpty()
            ? List.of(e.at())
            : ex.expressions().stream()
                .map(x -> x.startsWith("Bundle.entry[") ? x : Paths.nest(e.at() + ".resource", x))
                .toList();
    return new FhirException(
        ex.status(),
        ex.code(),
        ex.issueType(),
        "Entry " + e.index() + " (" + e.method() + " " + e.urlType() + "): " + ex.getMessage(),
        expressions);
  }
}
