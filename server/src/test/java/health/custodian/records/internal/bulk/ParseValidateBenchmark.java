package health.custodian.records.internal.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.storage.References;
import health.custodian.records.internal.validation.StructuralValidator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test: its name keeps it out of the suite (surefire runs {@code *Test}). The CPU
 * time per resource of what the {@code $import} parsing thread does with each NDJSON line ({@code
 * ImportRunner.check}), each step measured on its own, single-threaded, after a warm-up pass: (a)
 * {@link FhirJson#parseResource}, (b) the structural validator ({@code ResourceChecks.validate} in
 * its default mode), (c) {@link References#localKeys}, (d) {@link CanonicalLine#tail}.
 *
 * <pre>
 * flock /tmp/bench.lock ./mvnw -q -o -pl server test -Dtest=ParseValidateBenchmark \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dcustodian.bench=parse \
 *   [-Dcustodian.bench.ndjson=DIR] [-Dcustodian.bench.rounds=2] [-Dcustodian.bench.chunk=50] \
 *   [-Dcustodian.bench.jfr=FILE]
 * </pre>
 *
 * <p>The lines are read into memory first, then processed in chunks of 50 resources: each step runs
 * over the whole chunk before the next, so each is timed with two clock reads per chunk rather than
 * per resource; (e) then runs the four steps line by line over the same chunk, as the import does.
 * Figures in docs/benchmarks.md ("parse and validate").
 */
class ParseValidateBenchmark {

  private static final String DEFAULT_NDJSON = "/work/h-cli/data/synthea/seed-1-n-100/ndjson";

  /**
   * Resources per chunk: small enough that the trees parsed by step (a) are still in the CPU caches
   * when (b) and (c) walk them, as they are on the import's parsing thread, which runs all four on
   * one line before the next.
   */
  private static final int CHUNK = Integer.getInteger("custodian.bench.chunk", 50);

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long sink;

  @Test
  void cpuPerResourceOfParsingAndValidatingEachLine() throws IOException {
    Assumptions.assumeTrue("parse".equals(System.getProperty("custodian.bench")));
    Path dir = Path.of(System.getProperty("custodian.bench.ndjson", DEFAULT_NDJSON));
    List<Input> inputs = read(dir);
    long lines = inputs.stream().mapToLong(i -> i.lines().size()).sum();
    long bytes = inputs.stream().flatMap(i -> i.lines().stream()).mapToLong(l -> l.length).sum();
    System.out.printf("BENCH %d lines, %d MB, from %s%n", lines, bytes >> 20, dir);
    StructuralValidator validator = new StructuralValidator();
    System.out.println("BENCH warm-up pass");
    pass(inputs, validator);
    int rounds = Integer.getInteger("custodian.bench.rounds", 2);
    String jfr = System.getProperty("custodian.bench.jfr");
    jdk.jfr.Recording recording = jfr == null ? null : startRecording();
    for (int round = 1; round <= rounds; round++) {
      long[] nanos = pass(inputs, validator);
      double n = nanos[5];
      System.out.printf(
          "BENCH round %d: CPU us per resource: (a) parse %.2f, (b) validate %.2f,"
              + " (c) localKeys %.2f, (d) canonical %.2f, (a-d) sum %.2f;"
              + " (e) all four per line %.2f; %d issues%n",
          round,
          nanos[0] / n / 1e3,
          nanos[1] / n / 1e3,
          nanos[2] / n / 1e3,
          nanos[3] / n / 1e3,
          (nanos[0] + nanos[1] + nanos[2] + nanos[3]) / n / 1e3,
          nanos[4] / n / 1e3,
          nanos[6]);
    }
    if (recording != null) {
      try (recording) {
        recording.dump(Path.of(jfr));
      }
    }
    System.out.println("BENCH (sink " + sink + ")");
  }

  /**
   * One pass over every line: nanoseconds of (a)-(d) step by step, (e) the four together line by
   * line, then the count of resources and of issues.
   */
  private long[] pass(List<Input> inputs, StructuralValidator validator) {
    long[] total = new long[7];
    for (Input input : inputs) {
      List<byte[]> lines = input.lines();
      for (int from = 0; from < lines.size(); from += CHUNK) {
        List<byte[]> chunk = lines.subList(from, Math.min(lines.size(), from + CHUNK));
        ObjectNode[] trees = new ObjectNode[chunk.size()];
        long t0 = cpu();
        for (int i = 0; i < trees.length; i++) {
          trees[i] = FhirJson.parseResource(chunk.get(i));
        }
        long t1 = cpu();
        for (ObjectNode tree : trees) {
          total[6] += validator.validate(tree).size();
        }
        long t2 = cpu();
        for (ObjectNode tree : trees) {
          sink += References.localKeys(tree).size();
        }
        long t3 = cpu();
        for (int i = 0; i < trees.length; i++) {
          sink += canonical(input.type(), trees[i], chunk.get(i));
        }
        long t4 = cpu();
        for (byte[] line : chunk) {
          ObjectNode tree = FhirJson.parseResource(line);
          sink += validator.validate(tree).size();
          sink += References.localKeys(tree).size();
          sink += canonical(input.type(), tree, line);
        }
        long t5 = cpu();
        total[0] += t1 - t0;
        total[1] += t2 - t1;
        total[2] += t3 - t2;
        total[3] += t4 - t3;
        total[4] += t5 - t4;
        total[5] += trees.length;
      }
    }
    return total;
  }

  /** As {@code ImportRunner.check}: only lines with an id and a spliceable meta are looked at. */
  private static int canonical(String type, ObjectNode resource, byte[] line) {
    JsonNode id = resource.get("id");
    boolean spliceable = ImportRunner.spliceableMeta(resource);
    if (id == null || !spliceable) {
      return 0;
    }
    int tail = CanonicalLine.tailStart(type, id.asText(), resource.has("meta"), line);
    return tail < 0 ? 0 : line.length - tail;
  }

  private long cpu() {
    return threads.getCurrentThreadCpuTime();
  }

  private record Input(String type, List<byte[]> lines) {}

  private static List<Input> read(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList();
    }
    List<Input> inputs = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      byte[] all = Files.readAllBytes(file);
      List<byte[]> lines = new ArrayList<>();
      int start = 0;
      for (int i = 0; i <= all.length; i++) {
        if (i == all.length || all[i] == '\n') {
          if (i > start) {
            lines.add(Arrays.copyOfRange(all, start, i));
          }
          start = i + 1;
        }
      }
      inputs.add(new Input(name.substring(0, name.length() - ".ndjson".length()), lines));
    }
    return inputs;
  }

  private static jdk.jfr.Recording startRecording() {
    try {
      jdk.jfr.Recording recording =
          new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
      recording.start();
      return recording;
    } catch (IOException | java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }
}
