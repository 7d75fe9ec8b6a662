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
    // the statement before and after the binary parameters, alternating per batch size, each in
    // the shape the writer uses for that size (multi-row values up to LeaderAppend.VALUES_MAX,
    // arrays through unnest above)
    LeaderAppend values = new LeaderAppend(keys, terms);
    LeaderAppendBefore before = new LeaderAppendBefore(keys, terms);
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
      health.custodian.testsupport.BackendCpu backend =
          health.custodian.testsupport.BackendCpu.of(c);
      int i = 0;
      int[] sizes = {1, 2, 4, 8, 16, 32};
      for (int step = 0; step < sizes.length * 2 * 5; step++) {
        int size = sizes[step / 2 % sizes.length];
        boolean old = step % 2 == 0;
        int rounds = 6000 / size;
        long t0 = System.nanoTime();
        double pg0 = health.custodian.platform.ProcessCpu.postgresSeconds(postmaster);
        double j0 = health.custodian.platform.ProcessCpu.jvmSeconds();
        long b0 = backend.nanos();
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
          LeaderAppend.Head next =
              old ? before.append(c, batch, head) : values.append(c, batch, head);
          head = java.util.Objects.requireNonNull(next, "head moved");
        }
        long ns = System.nanoTime() - t0;
        double leader = (backend.nanos() - b0) / 1e3;
        double pg = (health.custodian.platform.ProcessCpu.postgresSeconds(postmaster) - pg0) * 1e6;
        double jvm = (health.custodian.platform.ProcessCpu.jvmSeconds() - j0) * 1e6;
        System.out.printf(
            "PROBE round %d, %s, %s batch %d: wall %.1f µs/batch; PG %.1f µs/batch = %.1f µs/record; backend %.1f"
                + " µs/batch = %.2f µs/record; JVM %.1f µs/batch%n",
            step / (sizes.length * 2),
            old ? "old" : "new",
            size > LeaderAppend.VALUES_MAX ? "arrays" : "values",
            size,
            ns / 1e3 / rounds,
            pg / rounds,
            pg / rounds / size,
            leader / rounds,
            leader / rounds / size,
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
