package health.custodian.cli;

import health.custodian.CustodianApplication;
import health.custodian.platform.RunningServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server a CLI command talks to: the one already running on the data folder, or else one
 * started in this JVM for the duration of the command. Either way the command goes through the HTTP
 * API, so it exercises exactly what external clients use.
 */
final class FhirServer implements AutoCloseable {

  private final URI fhirBase;
  private final @Nullable ConfigurableApplicationContext inProcess;
  private final Duration startup;
  private final Path data;
  private @Nullable CliCredentials credentials;

  private FhirServer(
      URI fhirBase,
      @Nullable ConfigurableApplicationContext inProcess,
      Duration startup,
      Path data) {
    this.fhirBase = fhirBase;
    this.inProcess = inProcess;
    this.startup = startup;
    this.data = data;
  }

  /** The live server named by {@code <data>/server.json}, if there is one. */
  static Optional<RunningServer> running(Path data) {
    return RunningServer.read(data.resolve("server.json"))
        .filter(RunningServer::isAlive)
        .filter(server -> server.pid() != ProcessHandle.current().pid());
  }

  /** {@code extraArgs} configure the in-process server only; a running one keeps its settings. */
  static FhirServer connectOrStart(Path data, String... extraArgs) {
    Optional<RunningServer> running = running(data);
    if (running.isPresent()) {
      return new FhirServer(URI.create(running.get().fhirBase()), null, Duration.ZERO, data);
    }
    return start(data, extraArgs);
  }

  /** Starts Custodian in this JVM on a free port, with the same durable database serve uses. */
  static FhirServer start(Path data, String... extraArgs) {
    long begin = System.nanoTime();
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--server.port=0",
            "--custodian.data-dir=" + data.toAbsolutePath().normalize(),
            // Local files may hold Bundles larger than the HTTP default limit (Synthea writes
            // transaction Bundles of 50 MB and more for long lives).
            "--custodian.fhir.max-body-bytes=1073741824",
            // stdout belongs to the command's own result; the server's startup banner is noise.
            "--spring.main.log-startup-info=false"));
    args.addAll(List.of(extraArgs));
    ConfigurableApplicationContext context =
        CustodianApplication.start(args.toArray(String[]::new));
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    if (!(context instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
      context.close();
      throw new IllegalStateException("Custodian started without a web server");
    }
    int port = web.getWebServer().getPort();
    return new FhirServer(URI.create("http://localhost:" + port + "/fhir"), context, took, data);
  }

  URI fhirBase() {
    return fhirBase;
  }

  /**
   * The {@code Authorization} header for requests to this server (the command line's own client,
   * see {@link CliCredentials}); the token is renewed before it expires.
   */
  synchronized String authorization() {
    CliCredentials c = credentials;
    if (c == null) {
      c = CliCredentials.forServer(data, fhirBase);
      credentials = c;
    }
    return c.authorization();
  }

  boolean isInProcess() {
    return inProcess != null;
  }

  /** How long starting the in-process server took (zero when an existing server is used). */
  Duration startup() {
    return startup;
  }

  @Override
  public void close() {
    if (inProcess != null) {
      inProcess.close();
    }
  }
}
