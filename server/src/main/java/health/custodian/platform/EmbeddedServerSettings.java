package health.custodian.platform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embedded PostgreSQL server's settings, in one place: the product's server ({@code
 * DatabaseConfiguration}) starts with them, and so does the benchmarks' test server when asked to
 * measure the product as deployed ({@code -Dcustodian.bench.durable=true}, docs/benchmarks.md), so
 * that the two cannot drift apart.
 */
public final class EmbeddedServerSettings {

  /** Default of {@code custodian.db.shared-buffers}. */
  public static final String DEFAULT_SHARED_BUFFERS = "256MB";

  /** Default of {@code custodian.db.max-wal-size}. */
  public static final String DEFAULT_MAX_WAL_SIZE = "2GB";

  private EmbeddedServerSettings() {}

  /**
   * The {@code initdb} options, which only a new data folder's cluster gets (an existing one keeps
   * the provider it was created with). The builtin provider's C.UTF-8 collates by code point with
   * memcmp and abbreviated keys (PostgreSQL 17 docs, 23.1.4 "Locale Providers", 23.2.2.1 "Standard
   * Collations"); libc's C.UTF-8, initdb's choice under LANG=C.UTF-8, gives the same order through
   * strcoll, at about 5 % of the load phase's server CPU. Otherwise initdb would take the collation
   * from the environment (say en_US.UTF-8, a different order). LC_CTYPE, which the text search
   * parser uses, still comes from the environment as before.
   * docs/adr/0008-builtin-collation-provider.md
   */
  public static Map<String, String> initdbOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("locale-provider", "builtin");
    options.put("builtin-locale", "C.UTF-8");
    return options;
  }

  /**
   * The server's {@code -c} settings, in the order they are passed.
   *
   * @param sharedBuffers {@code shared_buffers} (validated by {@link DatabaseProperties})
   * @param maxWalSize {@code max_wal_size} (validated by {@link DatabaseProperties})
   * @param durable fsync, full-page writes and synchronous commit on (serve mode); off only for
   *     throwaway data
   */
  public static Map<String, String> of(String sharedBuffers, String maxWalSize, boolean durable) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("max_connections", "100");
    settings.put("shared_buffers", sharedBuffers);
    settings.put("work_mem", "16MB");
    settings.put("maintenance_work_mem", "256MB");
    // The embedded cluster lives on local disk and mostly in the page cache: a random page costs
    // about what a sequential one does. With the default 4 the planner scans a whole table rather
    // than probe an index a few thousand times (a 1M-resource search count: 250 ms by scan, 55 ms
    // by probes).
    settings.put("random_page_cost", "1.1");
    settings.put("max_wal_size", maxWalSize);
    settings.put("checkpoint_timeout", "15min");
    settings.put("listen_addresses", "localhost");
    // The embedded server has no standby and archives nothing: with minimal WAL, CREATE INDEX (the
    // link and search index rebuilds after a bulk load) writes no WAL for the new index and fsyncs
    // its file at commit instead (PostgreSQL 17 docs, 19.5.1 wal_level;
    // docs/adr/0007-embedded-server-minimal-wal.md). Still crash-safe.
    settings.put("wal_level", "minimal");
    settings.put("max_wal_senders", "0");
    // zonky passes -F (fsync off); these -c settings win.
    settings.put("fsync", durable ? "on" : "off");
    settings.put("full_page_writes", durable ? "on" : "off");
    settings.put("synchronous_commit", durable ? "on" : "off");
    return settings;
  }
}
