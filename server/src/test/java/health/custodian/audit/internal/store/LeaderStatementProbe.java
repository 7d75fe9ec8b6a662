package health.custodian.audit.internal.store;

import health.custodian.access.AuditRecord;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.audit.AuditTestSupport;
import health.custodian.audit.internal.chain.AuditKeys;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Benchmark, not a test (run with {@code -Dtest=LeaderStatementProbe -Dcustodian.bench=probe}): the
 * PostgreSQL CPU of the group-commit leader's statement per batch size on one connection, of a few
 * simpler statements for comparison, and which plans the server used. Figures in docs/benchmarks.md
 * ("Audit log").
 */
class LeaderStatementProbe extends AuditTestSupport {
  @Autowired DataSource dataSource;
  @Autowired Terms terms;
  @Autowired AuditKeys keys;

  @Test
  void probe() throws Exception {
    Assumptions.assumeTrue("probe".equals(System.getProperty("custodian.bench")));
    Caller alice = user("alice", Role.CLINICIAN);
    // both statement shapes in the same run, alternating per batch size: the multi-row values
    // (batches up to LeaderAppend.VALUES_MAX) and the arrays through unnest (every size)
    LeaderAppend values = new LeaderAppend(keys, terms);
    LeaderAppend arrays = new LeaderAppend(keys, terms, 0);
    try (Connection c = dataSource.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("select set_config('synchronous_commit', 'on', false)");
      }
      String postmaster;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
        rs.next();
        postmaster = String.valueOf(health.custodian.platform.ProcessCpu.parentPid(rs.getLong(1)));
      }
      LeaderAppend.Head head = values.readHead(c);
      int i = 0;
      int[] sizes = {1, 2, 4, 8, 16, 32, 64};
      for (int step = 0; step < sizes.length * 2 * 3; step++) {
        int size = sizes[step / 2 % sizes.length];
        boolean arrayShape = step % 2 == 1;
        LeaderAppend la = arrayShape ? arrays : values;
        int rounds = 2000 / size;
        long t0 = System.nanoTime();
        double pg0 = health.custodian.platform.ProcessCpu.postgresSeconds(postmaster);
        double j0 = health.custodian.platform.ProcessCpu.jvmSeconds();
        for (int r = 0; r < rounds; r++) {
          List<AuditRecord> batch = new ArrayList<>();
          for (int k = 0; k < size; k++, i++) {
            String p = Integer.toString(10_000 + i % 5000);
            batch.add(
                new AuditRecord(
                    Instant.now(),
                    alice,
                    "R",
                    "read",
                    AuditRecord.Outcome.SUCCESS,
                    null,
                    List.of("Observation/" + (1_000_000 + i) + "/_history/1"),
                    Set.of(p),
                    null,
                    false,
                    null));
          }
          head = la.append(c, batch, head);
        }
        long ns = System.nanoTime() - t0;
        double pg = (health.custodian.platform.ProcessCpu.postgresSeconds(postmaster) - pg0) * 1e6;
        double jvm = (health.custodian.platform.ProcessCpu.jvmSeconds() - j0) * 1e6;
        System.out.printf(
            "PROBE %s batch %d: wall %.1f µs/batch; PG %.1f µs/batch = %.1f µs/record; JVM %.1f"
                + " µs/batch%n",
            arrayShape || size > LeaderAppend.VALUES_MAX ? "arrays" : "values",
            size,
            ns / 1e3 / rounds,
            pg / rounds,
            pg / rounds / size,
            jvm / rounds);
      }
      String[][] variants = {
        {"select 1", "select 1"},
        {"head update only", "update audit_head set mac = mac where id = 1"},
        {
          "insert of 1 row only",
          "insert into audit_event (seq, recorded, agent, subtype, outcome, action, emergency,"
              + " entities, patients, mac) select max(seq) + 1, now(), 1, 1, 0, 'R', false, 'x',"
              + " '{p}', '\\x00' from audit_event"
        },
        {"select 1 in a transaction of its own (begin/commit)", null},
      };
      for (int round = 0; round < 2; round++) {
        for (String[] v : variants) {
          int rounds = 2000;
          double pg0 = health.custodian.platform.ProcessCpu.postgresSeconds(postmaster);
          long t0 = System.nanoTime();
          for (int r = 0; r < rounds; r++) {
            if (v[1] == null) {
              c.setAutoCommit(false);
              try (java.sql.PreparedStatement ps = c.prepareStatement("select 1")) {
                ps.execute();
              }
              c.commit();
              c.setAutoCommit(true);
            } else {
              try (java.sql.PreparedStatement ps = c.prepareStatement(v[1])) {
                ps.execute();
              }
            }
          }
          long ns = System.nanoTime() - t0;
          double pg =
              (health.custodian.platform.ProcessCpu.postgresSeconds(postmaster) - pg0) * 1e6;
          System.out.printf(
              "PROBE %s: wall %.1f µs, PG %.1f µs per statement%n",
              v[0], ns / 1e3 / rounds, pg / rounds);
        }
      }
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "select generic_plans, custom_plans, left(statement, 40) from"
                      + " pg_prepared_statements")) {
        while (rs.next()) {
          System.out.println(
              "PROBE plans generic="
                  + rs.getLong(1)
                  + " custom="
                  + rs.getLong(2)
                  + " "
                  + rs.getString(3));
        }
      }
    }
  }
}
