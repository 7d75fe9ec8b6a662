package health.custodian.records.internal.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.access.AccessDeniedException;
import health.custodian.records.FhirException;
import health.custodian.records.internal.access.Gateway;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Batch and transaction Bundles (R4 3.1.0.11). A transaction is one database transaction: all or
 * nothing. A batch runs each entry in its own transaction and reports each outcome.
 */
@Service
public class BundleProcessor {

  private final Gateway gateway;
  private final EntryExecutor executor;
  private final TransactionPlanner planner;

  BundleProcessor(Gateway gateway, EntryExecutor executor, TransactionPlanner planner) {
    this.gateway = gateway;
    this.executor = executor;
    this.planner = planner;
  }

  /** Processes a Bundle and returns the response Bundle as JSON text. */
  public String process(ObjectNode bundle, String base) {
    if (!"Bundle".equals(bundle.path("resourceType").asText())) {
      throw FhirException.badRequest(
          "not-a-bundle",
          "POST to the base URL takes a batch or transaction Bundle",
          "resourceType");
    }
    String type = bundle.path("type").asText("");
    List<Entry> entries = parseEntries(bundle);
    return switch (type) {
      case "transaction" -> transaction(entries, base);
      case "batch" -> batch(entries);
      default ->
          throw FhirException.badRequest(
              "invalid-bundle-type",
              "Bundle.type must be batch or transaction to be processed",
              "Bundle.type");
    };
  }

  private String transaction(List<Entry> entries, String base) {
    // One audit record for the whole transaction (it is one unit of work: all or nothing), listing
    // every resource it read or wrote.
    List<EntryResult> results =
        gateway.write(
            null, null, "E", "transaction", session -> planner.run(session, entries, base));
    return ResponseBundle.of("transaction-response", results);
  }

  private String batch(List<Entry> entries) {
    List<EntryResult> results = new ArrayList<>(entries.size());
    for (Entry entry : entries) {
      // R4 3.1.0.11.1: batch entries are independent and may not reference each other.
      // One audit record per entry: each is its own interaction and transaction.
      try {
        results.add(
            gateway.write(
                null,
                null,
                action(entry.method()),
                subtype(entry),
                session -> executor.execute(session, entry, null)));
      } catch (FhirException e) {
        results.add(EntryResult.failure(entry, e));
      } catch (AccessDeniedException e) {
        results.add(
            EntryResult.failure(
                entry,
                new FhirException(
                    e.status(), e.code(), "forbidden", String.valueOf(e.getMessage()))));
      }
    }
    return ResponseBundle.of("batch-response", results);
  }

  private static String action(String method) {
    return switch (method) {
      case "POST" -> "C";
      case "PUT", "PATCH" -> "U";
      case "DELETE" -> "D";
      default -> "R";
    };
  }

  private static String subtype(Entry e) {
    return switch (e.method()) {
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> e.url().contains("/_history/") ? "vread" : "read";
    };
  }

  private static List<Entry> parseEntries(ObjectNode bundle) {
    JsonNode entries = bundle.get("entry");
    if (entries == null) {
      return List.of();
    }
    if (!entries.isArray()) {
      throw FhirException.badRequest(
          "invalid-bundle", "Bundle.entry must be an array", "Bundle.entry");
    }
    List<Entry> list = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      list.add(Entry.parse(i, entries.get(i)));
    }
    return list;
  }
}
