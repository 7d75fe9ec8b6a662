package health.custodian.cli;

import health.custodian.platform.ProcessCpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by this JVM and by the embedded PostgreSQL of a data folder ({@link
 * ProcessCpu}), for the bench commands.
 */
final class CpuClock {

  private final Path pgDir;

  CpuClock(Path pgDir) {
    this.pgDir = pgDir;
  }

  /** CPU seconds of the JVM and of PostgreSQL, at one moment. */
  record Sample(double jvmSeconds, double pgSeconds) {
    Sample minus(Sample earlier) {
      return new Sample(jvmSeconds - earlier.jvmSeconds, pgSeconds - earlier.pgSeconds);
    }
  }

  Sample now() {
    return new Sample(ProcessCpu.jvmSeconds(), postgresSeconds());
  }

  private double postgresSeconds() {
    try {
      String pid = Files.readAllLines(pgDir.resolve("postmaster.pid")).get(0).trim();
      return ProcessCpu.postgresSeconds(pid);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
