package health.custodian.records.access;

import health.custodian.platform.ProcessCpu;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The test server's PostgreSQL CPU by process kind ({@code -Dcustodian.bench.pgsplit=true}), so
 * that a benchmark can say which processes a protected read's extra PostgreSQL time runs in: the
 * request backends, the audit writer's leader backend, the WAL writer, the checkpointer, the
 * background writer, autovacuum, and the children the postmaster has reaped (short-lived autovacuum
 * workers). From {@code /proc/<pid>/stat} (utime + stime; the postmaster's cutime + cstime for
 * reaped children) and the process title in {@code /proc/<pid>/cmdline} (proc(5)); the leader's
 * backend is the one whose last statement was the leader's (pg_stat_activity). Linux only.
 */
final class PgProcesses {

  private final String postmaster;
  private final JdbcTemplate jdbc;
  private volatile int leader;

  PgProcesses(String postmaster, JdbcTemplate jdbc) {
    this.postmaster = postmaster;
    this.jdbc = jdbc;
  }

  /**
   * CPU seconds so far per process kind, plus the audit tables' autovacuum and autoanalyze runs.
   */
  Map<String, Double> now() {
    findLeader();
    Map<String, Double> kinds = new TreeMap<>();
    ProcessCpu.ServerCpu cpu = ProcessCpu.postgres(postmaster);
    if (cpu == null) {
      return Map.of();
    }
    kinds.put("postmaster", cpu.postmaster());
    kinds.put("reaped", cpu.reaped());
    cpu.children().forEach((pid, seconds) -> kinds.merge(kind(pid), seconds, Double::sum));
    for (Map<String, Object> row :
        jdbc.queryForList(
            "select relname, autovacuum_count + 0 as v, autoanalyze_count + 0 as a"
                + " from pg_stat_all_tables where relname in ('audit_event', 'audit_term')")) {
      kinds.put("runs " + row.get("relname") + " vacuum", ((Number) row.get("v")).doubleValue());
      kinds.put("runs " + row.get("relname") + " analyze", ((Number) row.get("a")).doubleValue());
    }
    return kinds;
  }

  /** Microseconds per operation by kind between two snapshots; runs as counts. */
  static String perOperation(Map<String, Double> before, Map<String, Double> after, int ops) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Double> e : after.entrySet()) {
      double d = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
      if (e.getKey().startsWith("runs ")) {
        b.append(String.format(Locale.ROOT, ", %s %.0f", e.getKey().substring(5), d));
      } else {
        b.append(String.format(Locale.ROOT, ", %s %.1f", e.getKey(), d * 1e6 / ops));
      }
    }
    return b.length() == 0 ? "" : b.substring(2);
  }

  private void findLeader() {
    Integer pid =
        jdbc.query(
            "select pid from pg_stat_activity where query like 'with moved as (update audit_head%'"
                + " and pid <> pg_backend_pid() limit 1",
            rs -> rs.next() ? rs.getInt(1) : null);
    if (pid != null) {
      leader = pid;
    }
  }

  private String kind(String pid) {
    Path proc = Path.of("/proc", pid);
    String title;
    try {
      title = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "other";
    }
    title = title.replace('\0', ' ').trim();
    for (String k :
        new String[] {
          "walwriter",
          "checkpointer",
          "background writer",
          "autovacuum launcher",
          "autovacuum worker",
          "logical replication launcher"
        }) {
      if (title.startsWith("postgres: " + k)) {
        return k;
      }
    }
    if (pid.equals(String.valueOf(leader))) {
      return "audit leader";
    }
    return title.contains("(") ? "backends" : "other";
  }
}
