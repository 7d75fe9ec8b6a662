package health.custodian.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code custodian bench startup --data DIR}: wall time from launching {@code serve} in a fresh JVM
 * to its first successful {@code GET /fhir/metadata}, the "ready within 10 s" promise.
 */
@Command(name = "startup", description = "Measure time from JVM start to a ready FHIR API.")
final class BenchStartupCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, description = "Data folder to serve.")
  Path data = Path.of("data");

  @Option(names = "--port", defaultValue = "0", description = "Port (default: a free one).")
  int port;

  @Option(names = "--runs", defaultValue = "1", description = "Repetitions (default 1).")
  int runs = 1;

  @Option(
      names = "--timeout",
      defaultValue = "120",
      description = "Seconds to wait for readiness (default 120).")
  int timeoutSeconds = 120;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (FhirServer.running(data).isPresent()) {
      System.err.println("A server is already running on " + data + "; stop it first.");
      return 1;
    }
    boolean existing = Files.isDirectory(data.resolve("pg"));
    List<Double> seconds = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      double took = measureOnce(port > 0 ? port : freePort());
      if (took < 0) {
        return 1;
      }
      seconds.add(took);
      System.err.printf(Locale.ROOT, "run %d: ready in %.2f s%n", run, took);
    }
    seconds.sort(null);
    System.out.printf(
        Locale.ROOT,
        "Startup to first 200 of GET /fhir/metadata: median %.2f s, min %.2f s, max %.2f s over %d"
            + " run(s) (%s data folder)%n",
        seconds.get(seconds.size() / 2),
        seconds.get(0),
        seconds.get(seconds.size() - 1),
        seconds.size(),
        existing ? "existing" : "new");
    return 0;
  }

  /** Seconds until ready, or -1 when the server died or never became ready. */
  private double measureOnce(int port) throws IOException, InterruptedException {
    Path log = Files.createTempFile("custodian-startup-", ".log");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(heapOptions());
    command.addAll(
        List.of(
            "-jar",
            serverJar(),
            "serve",
            "--port",
            String.valueOf(port),
            "--data",
            data.toAbsolutePath().toString()));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    HttpRequest metadata =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/metadata"))
            .timeout(Duration.ofSeconds(5))
            .header("Accept", "application/fhir+json")
            .build();
    long start = System.nanoTime();
    long firstAnswer = -1;
    Process server =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      while (System.nanoTime() < deadline) {
        if (!server.isAlive()) {
          System.err.println("The server exited with " + server.exitValue() + "; see " + log);
          return -1;
        }
        try {
          int status = http.send(metadata, HttpResponse.BodyHandlers.discarding()).statusCode();
          if (firstAnswer < 0) {
            firstAnswer = System.nanoTime();
            System.err.printf(
                Locale.ROOT,
                "first HTTP answer (%d) after %.2f s%n",
                status,
                (firstAnswer - start) / 1e9);
          }
          if (status == 200) {
            double took = (System.nanoTime() - start) / 1e9;
            Files.deleteIfExists(log);
            return took;
          }
        } catch (IOException notYet) {
          // Not listening yet: keep polling.
        }
        Thread.sleep(25);
      }
      System.err.println("Not ready after " + timeoutSeconds + " s; see " + log);
      return -1;
    } finally {
      stop(server);
    }
  }

  /** SIGTERM first, so the server shuts its embedded PostgreSQL down cleanly. */
  private static void stop(Process server) throws InterruptedException {
    server.destroy();
    if (!server.waitFor(60, TimeUnit.SECONDS)) {
      server.descendants().forEach(ProcessHandle::destroyForcibly);
      server.destroyForcibly().waitFor();
    }
  }

  /** The same heap the {@code custodian} script would give the server. */
  private static List<String> heapOptions() {
    List<String> options = new ArrayList<>();
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (option.startsWith("-Xmx") || option.startsWith("-Xms")) {
        options.add(option);
      }
    }
    return options;
  }

  /** Started as {@code java -jar custodian.jar}, the class path is that jar. */
  private static String serverJar() {
    String classPath = System.getProperty("java.class.path", "");
    if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
      return Path.of(classPath).toAbsolutePath().toString();
    }
    return Path.of("server", "target", "custodian.jar").toAbsolutePath().toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
