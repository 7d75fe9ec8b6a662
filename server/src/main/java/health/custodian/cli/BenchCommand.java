package health.custodian.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code custodian bench ingest|startup|bulk}: the measurements behind docs/benchmarks.md. */
@Command(
    name = "bench",
    description = "Benchmarks: ingest throughput, startup time and bulk data.",
    subcommands = {BenchIngestCommand.class, BenchStartupCommand.class, BenchBulkCommand.class})
final class BenchCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("Usage: custodian bench ingest|startup|bulk ... (custodian bench --help)");
    return 2;
  }
}
