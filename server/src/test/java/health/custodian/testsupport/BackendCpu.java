package health.custodian.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The CPU time of one connection's PostgreSQL backend, for the statement probes: the first field of
 * {@code /proc/<pid>/schedstat}, nanoseconds on a CPU (Linux only), finer than the clock ticks of
 * {@code /proc/<pid>/stat} and blind to the JVM and to every other backend.
 */
public final class BackendCpu {

  private final Path schedstat;

  private BackendCpu(long pid) {
    this.schedstat = Path.of("/proc", Long.toString(pid), "schedstat");
  }

  /** The backend serving {@code c}. */
  public static BackendCpu of(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
      rs.next();
      return new BackendCpu(rs.getLong(1));
    }
  }

  /** Nanoseconds this backend has run so far. */
  public long nanos() {
    try {
      String line = Files.readString(schedstat).trim();
      int space = line.indexOf(' ');
      return Long.parseLong(space < 0 ? line : line.substring(0, space));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
