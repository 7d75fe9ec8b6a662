package health.custodian.platform;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The test server's CPU read from /proc: the postmaster found from a backend, its children. */
class ProcessCpuTest {

  @Test
  void readsTheServerOfABackendWithItsChildren() throws Exception {
    try (Connection c = DriverManager.getConnection(TestDatabase.newDatabaseUrl(), "postgres", "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select pg_backend_pid()")) {
      r.next();
      int backend = r.getInt(1);
      String postmaster = ProcessCpu.parentPid(backend);
      assertThat(postmaster).isNotNull();

      ProcessCpu.ServerCpu cpu = ProcessCpu.postgres(postmaster);
      assertThat(cpu).isNotNull();
      assertThat(cpu.children()).containsKey(String.valueOf(backend));
      assertThat(cpu.total()).isPositive();
      assertThat(ProcessCpu.postgresSeconds(postmaster)).isGreaterThanOrEqualTo(cpu.total());
      assertThat(ProcessCpu.postgres("0")).isNull();
    }
  }
}
