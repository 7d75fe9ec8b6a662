package health.custodian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code custodian bench bulk --input DIR}: converts a Synthea population to NDJSON (once, next to
 * it), then measures {@code $import} of it and a system-level {@code $export} on an in-process
 * server, through the HTTP API, with the peak heap of each phase.
 */
@Command(name = "bulk", description = "Measure bulk data $import and $export.")
final class BenchBulkCommand implements Callable<Integer> {

  static final String TABLE_HEADER =
      "| Date | JIT | Patients (seed) | Resources | Import (s) | Import res/s | Load (s) | Load res/s"
          + " | Index (s) | Load CPU JVM/PG (s) | Index CPU JVM/PG (s) | Import heap (MB)"
          + " | Export (s) | Export res/s | Export heap (MB) | Rejected |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

  @Option(names = "--input", required = true, description = "Synthea FHIR output folder.")
  Path input = Path.of(".");

  @Option(names = "--patients", defaultValue = "0", description = "Population size (report).")
  int patients;

  @Option(names = "--seed", defaultValue = "0", description = "Synthea seed (report).")
  long seed;

  @Option(
      names = "--ndjson",
      description = "Where the NDJSON goes (default: the folder ndjson next to --input).")
  @Nullable Path ndjsonDir;

  @Option(
      names = "--data",
      description = "Data folder to load into (default: a fresh temporary one, deleted after).")
  @Nullable Path data;

  @Option(
      names = "--warmup",
      description =
          "First import and export the same population into a throwaway data folder in this JVM,"
              + " then measure a second run (a warm JIT, as in a server that has run before).")
  boolean warmup;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ObjectMapper json = new ObjectMapper();

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path ndjson = ndjson();
    List<String> rows = new ArrayList<>();
    long rejected = 0;
    if (warmup) {
      // The same work once before, in a folder of its own: only the JVM (its JIT-compiled code,
      // loaded classes) carries over; the measured run still gets a fresh store and PostgreSQL.
      Path throwaway = Files.createTempDirectory("custodian-bench-bulk-warmup-");
      try {
        System.err.println("Warm-up run (not measured) in " + throwaway);
        rows.add(measure(throwaway, ndjson, "cold (warm-up run)").row());
      } finally {
        Folders.deleteRecursively(throwaway);
      }
    }
    Path folder = data != null ? data : Files.createTempDirectory("custodian-bench-bulk-");
    try {
      Run run = measure(folder, ndjson, warmup ? "**warm** (after a warm-up run)" : "cold");
      rows.add(run.row());
      rejected = run.rejected();
    } finally {
      if (data == null) {
        Folders.deleteRecursively(folder);
      }
    }
    System.out.println(TABLE_HEADER);
    rows.forEach(System.out::println);
    return rejected == 0 ? 0 : 1;
  }

  /** One measured run: its table row and the lines the import rejected. */
  private record Run(String row, long rejected) {}

  /** Imports then exports the population on a server started on {@code folder}. */
  private Run measure(Path folder, Path ndjson, String jit)
      throws IOException, InterruptedException {
    try (FhirServer server =
        FhirServer.start(folder, "--custodian.bulk.import-dirs=" + ndjson.toAbsolutePath())) {
      String base = server.fhirBase().toString();
      ObjectNode parameters = json.createObjectNode();
      parameters.put("resourceType", "Parameters");
      ArrayNode params = parameters.putArray("parameter");
      try (Stream<Path> files = Files.list(ndjson)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList()) {
          ObjectNode in = params.addObject();
          in.put("name", "input");
          ArrayNode parts = in.putArray("part");
          String name = f.getFileName().toString();
          parts.addObject().put("name", "type").put("valueCode", name.replace(".ndjson", ""));
          parts.addObject().put("name", "url").put("valueUri", f.toAbsolutePath().toString());
        }
      }
      CpuClock cpu = new CpuClock(folder.resolve("pg"));
      Phase imported = phase(server, base + "/$import", json.writeValueAsString(parameters), cpu);
      long loaded = sum(imported.manifest().path("output"));
      long rejected = sum(imported.manifest().path("error"));
      // The server's own split (manifest extension): loading, then writing the search indexes.
      JsonNode phases = imported.manifest().path("extension");
      double loadSeconds = phases.path("loadMillis").asLong() / 1000.0;
      double indexSeconds = phases.path("indexMillis").asLong() / 1000.0;
      System.err.printf(
          Locale.ROOT,
          "Imported %,d resources in %.1f s (load %.1f s, search index %.1f s; %,d rejected)%n",
          loaded,
          imported.seconds(),
          loadSeconds,
          indexSeconds,
          rejected);
      Phase exported = phase(server, base + "/$export", null, cpu);
      long written = sum(exported.manifest().path("output"));
      System.err.printf(
          Locale.ROOT, "Exported %,d resources in %.1f s%n", written, exported.seconds());
      String row =
          String.format(
              Locale.ROOT,
              "| %s | %s | %s (%d) | %,d | %.1f | %,.0f | %.1f | %,.0f | %.1f | %.0f / %.0f"
                  + " | %.0f / %.0f | %,d | %.1f | %,.0f | %,d | %,d |",
              LocalDate.now(java.time.ZoneOffset.UTC),
              jit,
              patients > 0 ? String.format(Locale.ROOT, "%,d", patients) : "?",
              seed,
              loaded,
              imported.seconds(),
              loaded / imported.seconds(),
              loadSeconds,
              loadSeconds > 0 ? loaded / loadSeconds : 0.0,
              indexSeconds,
              imported.loadCpu().jvmSeconds(),
              imported.loadCpu().pgSeconds(),
              imported.indexCpu().jvmSeconds(),
              imported.indexCpu().pgSeconds(),
              imported.peakHeap() / (1024 * 1024),
              exported.seconds(),
              written / exported.seconds(),
              exported.peakHeap() / (1024 * 1024),
              rejected);
      return new Run(row, rejected);
    }
  }

  /** The NDJSON of the population, converted once into a sibling folder of the input. */
  private Path ndjson() throws IOException {
    Path out =
        ndjsonDir != null
            ? ndjsonDir.toAbsolutePath().normalize()
            : input.toAbsolutePath().normalize().resolveSibling("ndjson");
    Path done = out.resolve(".complete");
    if (Files.exists(done)) {
      System.err.println("Reusing the NDJSON in " + out);
      return out;
    }
    List<Path> bundles;
    try (Stream<Path> files = Files.list(input)) {
      bundles = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    System.err.println("Converting " + bundles.size() + " Bundles to NDJSON in " + out);
    Map<String, Long> counts = new NdjsonConverter(json).convert(bundles, out);
    System.err.printf(
        Locale.ROOT,
        "%,d resources of %d types%n",
        counts.values().stream().mapToLong(Long::longValue).sum(),
        counts.size());
    Files.createFile(done);
    return out;
  }

  /**
   * A job's outcome and costs; for an import, CPU is split at the first poll whose {@code
   * X-Progress} reports search indexing (so at most one poll interval off).
   */
  private record Phase(
      JsonNode manifest,
      double seconds,
      long peakHeap,
      CpuClock.Sample loadCpu,
      CpuClock.Sample indexCpu) {}

  /** Kicks off a job, polls it to the end and measures wall time and peak heap. */
  private Phase phase(FhirServer server, String url, @Nullable String body, CpuClock cpu)
      throws IOException, InterruptedException {
    System.gc();
    try (MemorySampler memory = new MemorySampler()) {
      long start = System.nanoTime();
      CpuClock.Sample cpuStart = cpu.now();
      CpuClock.Sample cpuIndex = null;
      HttpRequest.Builder kick =
          HttpRequest.newBuilder(URI.create(url))
              .header("Prefer", "respond-async")
              .header("Authorization", server.authorization())
              .header("Accept", "application/fhir+json");
      kick =
          body == null
              ? kick.GET()
              : kick.header("Content-Type", "application/fhir+json")
                  .POST(HttpRequest.BodyPublishers.ofString(body));
      HttpResponse<String> r = http.send(kick.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 202) {
        throw new IllegalStateException("kick-off answered " + r.statusCode() + ": " + r.body());
      }
      URI status = URI.create(r.headers().firstValue("Content-Location").orElseThrow());
      while (true) {
        HttpResponse<String> s =
            http.send(
                HttpRequest.newBuilder(status)
                    .header("Authorization", server.authorization())
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (s.statusCode() == 200) {
          double seconds = (System.nanoTime() - start) / 1e9;
          CpuClock.Sample end = cpu.now();
          CpuClock.Sample split = cpuIndex != null ? cpuIndex : end;
          return new Phase(
              json.readTree(s.body()),
              seconds,
              memory.peakHeapBytes(),
              split.minus(cpuStart),
              end.minus(split));
        }
        if (cpuIndex == null
            && s.headers().firstValue("X-Progress").orElse("").contains("search index")) {
          cpuIndex = cpu.now();
        }
        if (s.statusCode() != 202) {
          throw new IllegalStateException("job answered " + s.statusCode() + ": " + s.body());
        }
        Thread.sleep(Duration.ofMillis(200).toMillis());
      }
    }
  }

  private static long sum(JsonNode entries) {
    long n = 0;
    for (JsonNode e : entries) {
      n += e.path("count").asLong();
    }
    return n;
  }
}
