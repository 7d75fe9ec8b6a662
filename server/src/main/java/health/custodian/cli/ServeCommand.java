package health.custodian.cli;

import health.custodian.CustodianApplication;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code custodian serve [--port P] [--data DIR]}: runs the server until stopped. */
@Command(name = "serve", description = "Run the Custodian server.")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default 8080).")
  int port;

  @Option(names = "--data", defaultValue = "data", description = "Data folder (default ./data).")
  Path data = Path.of("data");

  @Override
  public Integer call() {
    CustodianApplication.start(
        "--server.port=" + port, "--custodian.data-dir=" + data.toAbsolutePath());
    return 0;
  }
}
