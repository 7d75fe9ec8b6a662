package health.custodian.records.internal.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.access.Caller;
import health.custodian.records.internal.access.BulkGateway;
import health.custodian.records.internal.access.CallerJson;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.search.AccessSearch;
import health.custodian.records.internal.search.SearchService;
import health.custodian.records.internal.storage.RecordReader;
import health.custodian.records.internal.storage.StoredVersion;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs an {@code $export}: one read-only REPEATABLE READ transaction, so every type comes from the
 * same snapshot and {@code transactionTime} (the transaction's start) describes all of it (IG
 * v2.0.0 "Response - Complete Status"). Rows stream through a server-side cursor ({@code
 * fetchSize}) into one NDJSON file per type: memory stays flat whatever the data size.
 */
@Component
class ExportRunner {

  private static final int PAGE = 1000;
  private static final int PATIENTS_BATCH = 10_000;

  private final JdbcTemplate jdbc;
  private final BulkJobStore store;
  private final BulkGateway gateway;
  private final TransactionTemplate snapshot;
  private final SearchService search;
  private final RecordReader reader;
  private final BulkFiles files;
  private final BulkSettings settings;
  private final PatientCompartment compartment;
  private final AccessSearch access;

  ExportRunner(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      SearchService search,
      RecordReader reader,
      BulkFiles files,
      BulkSettings settings,
      ExportRequests requests,
      BulkJobStore store,
      BulkGateway gateway,
      AccessSearch access) {
    this.access = access;
    this.store = store;
    this.gateway = gateway;
    this.jdbc = jdbc;
    this.search = search;
    this.reader = reader;
    this.files = files;
    this.settings = settings;
    this.compartment = requests.compartment();
    this.snapshot = new TransactionTemplate(transactions);
    snapshot.setReadOnly(true);
    snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
  }

  /** The result: transaction time and the files written. */
  record Result(Instant transactionTime, List<ManifestFile> output, long resources) {}

  Result run(String jobId, ExportRequest request, JobControl control) {
    Path dir = files.cleanJobDir(jobId);
    // The kick-off caller's rules filter every query (issue #5); jobs from before access control
    // have no caller and run as they were requested.
    Caller caller = store.caller(jobId).map(CallerJson::parse).orElse(null);
    Result result =
        snapshot.execute(
            status -> {
              Timestamp now = jdbc.queryForObject("select now()", Timestamp.class);
              Instant transactionTime = Objects.requireNonNull(now).toInstant();
              List<String> patients = patientsOf(request);
              LatestProvenance latest =
                  request.latestProvenance()
                      ? new LatestProvenance(
                          jdbc, query(ExportRequest.PROVENANCE, null, patients, request, caller))
                      : null;
              List<ManifestFile> output = new ArrayList<>();
              long total = 0;
              for (String type : request.types()) {
                control.checkCancelled();
                if (latest != null && type.equals(ExportRequest.PROVENANCE)) {
                  // IG v2.0.0 LatestProvenanceResources: "Other Provenance resources will not be
                  // returned"; the file is written after the others, from what they exported.
                  continue;
                }
                Instant since = request.since() == null ? null : Instant.parse(request.since());
                ExportQuery query = query(type, since, patients, request, caller);
                Exported exported =
                    exportType(dir, type, sink -> streamAll(query, sink), request, control, total);
                if (latest != null) {
                  latest.collect(exported.pks());
                }
                total += add(output, type, exported);
              }
              if (latest != null) {
                long[] provenance = latest.pks();
                Exported exported =
                    exportType(
                        dir,
                        ExportRequest.PROVENANCE,
                        sink -> streamAmong(latest.query(), provenance, sink),
                        request,
                        control,
                        total);
                total += add(output, ExportRequest.PROVENANCE, exported);
              }
              return new Result(transactionTime, List.copyOf(output), total);
            });
    return Objects.requireNonNull(result);
  }

  private ExportQuery query(
      String type,
      @Nullable Instant since,
      @Nullable List<String> patients,
      ExportRequest request,
      @Nullable Caller caller) {
    List<String> filters = request.typeFilters().get(type);
    return new ExportQuery(
        type,
        since,
        patients,
        compartment.params(type),
        caller == null ? null : gateway.exportCondition(caller, type),
        filters == null ? null : search.anyOf(type, parsed(filters)));
  }

  private static List<Map<String, List<String>>> parsed(List<String> filters) {
    List<Map<String, List<String>>> out = new ArrayList<>();
    for (String filter : filters) {
      out.add(ExportRequests.parseQuery(filter));
    }
    return out;
  }

  /** Adds a type's manifest entry when it exported something; returns how many it did. */
  private long add(List<ManifestFile> output, String type, Exported exported) {
    if (exported.count() > 0) {
      output.add(
          new ManifestFile(
              type, type + ".ndjson", exported.count(), null, patientsOf(exported.pks())));
    }
    return exported.count();
  }

  /**
   * The patients whose compartments are exported: null at system level, empty for all patients,
   * else the group's members (IG v2.0.0 "Endpoint - Group of Patients") and/or {@code patient}.
   */
  private @Nullable List<String> patientsOf(ExportRequest request) {
    if (request.level() == ExportRequest.Level.SYSTEM) {
      return null;
    }
    if (request.level() == ExportRequest.Level.PATIENT) {
      return request.patients();
    }
    StoredVersion group = reader.read("Group", Objects.requireNonNull(request.groupId()));
    Set<String> members = new java.util.LinkedHashSet<>();
    JsonNode tree = FhirJson.parse(Objects.requireNonNull(group.body()));
    for (JsonNode member : tree.path("member")) {
      String ref = member.path("entity").path("reference").asText("");
      if (ref.startsWith("Patient/") && !member.path("inactive").asBoolean(false)) {
        members.add(ref.substring("Patient/".length()));
      }
    }
    if (!request.patients().isEmpty()) {
      members.retainAll(new HashSet<>(request.patients()));
    }
    // A group without (matching) patients exports nothing: restrict to an impossible id.
    return members.isEmpty() ? List.of("") : List.copyOf(members);
  }

  /** One type's file: how many resources it holds and their keys, in the order written. */
  private record Exported(long count, long[] pks) {}

  /**
   * The Patients whose compartments the exported resources are in (issue #5: the audit record of a
   * file's download names them, IHE BALP "the patient concerned"), in batches of one statement
   * each, after the type's rows were streamed.
   */
  private List<String> patientsOf(long[] pks) {
    Set<String> out = new TreeSet<>();
    for (int from = 0; from < pks.length; from += PATIENTS_BATCH) {
      List<Long> batch = new ArrayList<>();
      for (int i = from; i < Math.min(pks.length, from + PATIENTS_BATCH); i++) {
        batch.add(pks[i]);
      }
      out.addAll(access.patients(batch));
    }
    return List.copyOf(out);
  }

  private Exported exportType(
      Path dir,
      String type,
      RowSource rows,
      ExportRequest request,
      JobControl control,
      long before) {
    Path file = dir.resolve(type + ".ndjson");
    Set<String> elements =
        request.elements().isEmpty() ? Set.of() : ElementsFilter.forType(request.elements(), type);
    long[] count = {0};
    Keys keys = new Keys();
    try (Writer out =
        new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
      BodySink sink =
          (pk, body) -> {
            keys.add(pk);
            out.write(elements.isEmpty() ? body : ElementsFilter.apply(body, elements));
            out.write('\n');
            if (++count[0] % PAGE == 0) {
              control.checkCancelled();
              control.progress(
                  String.format(
                      java.util.Locale.ROOT,
                      "%,d resources exported (now %s)",
                      before + count[0],
                      type));
            }
          };
      rows.writeTo(sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (count[0] == 0) {
      try {
        // IG v2.0.0: types without resources get no output entry; drop the empty file.
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new Exported(count[0], keys.toArray());
  }

  /**
   * Every row of the query in one statement. Several {@code _typeFilter}s of one type are ORed in
   * its WHERE clause (IG v2.0.0), so the union streams in key order through the cursor without a
   * set of the keys already written: memory stays flat however many resources match.
   */
  private void streamAll(ExportQuery query, BodySink sink) {
    List<Object> args = new ArrayList<>();
    stream(query.select(args), args, sink);
  }

  /** The rows of the query among {@code pks} (ascending, distinct), in batches, in key order. */
  private void streamAmong(ExportQuery query, long[] pks, BodySink sink) {
    for (int from = 0; from < pks.length; from += PATIENTS_BATCH) {
      Long[] batch = new Long[Math.min(pks.length, from + PATIENTS_BATCH) - from];
      for (int i = 0; i < batch.length; i++) {
        batch[i] = pks[from + i];
      }
      List<Object> args = new ArrayList<>();
      stream(query.selectAmong(args, batch), args, sink);
    }
  }

  private void stream(String sql, List<Object> args, BodySink sink) {
    jdbc.query(
        con -> {
          PreparedStatement ps = con.prepareStatement(sql);
          ps.setFetchSize(settings.fetchSize());
          for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof String[] s) {
              ps.setArray(i + 1, con.createArrayOf("text", s));
            } else if (a instanceof Long[] l) {
              ps.setArray(i + 1, con.createArrayOf("bigint", l));
            } else {
              ps.setObject(i + 1, a);
            }
          }
          return ps;
        },
        rs -> {
          try {
            sink.accept(rs.getLong(1), rs.getString(2));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  @FunctionalInterface
  private interface BodySink {
    void accept(long pk, String body) throws IOException;
  }

  /** Where a file's rows come from: one or more statements streamed into the sink. */
  @FunctionalInterface
  private interface RowSource {
    void writeTo(BodySink sink) throws IOException;
  }

  /** A growing array of primitive keys: a million exported resources take 8 MB, not 20. */
  private static final class Keys {
    private long[] values = new long[1024];
    private int size;

    void add(long pk) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = pk;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
