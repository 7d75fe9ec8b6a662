package health.custodian.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code custodian bench ingest|startup}: the measurements behind docs/benchmarks.md. */
@Command(
    name = "bench",
    description = "Benchmarks: ingest throughput and startup time.",
    subcommands = {BenchIngestCommand.class, BenchStartupCommand.class})
final class BenchCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("Usage: custodian bench ingest|startup ... (custodian bench --help)");
    return 2;
  }
}
