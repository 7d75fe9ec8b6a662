package health.custodian.records.internal.search;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The costlier index families ({@code custodian.search.*}). Both are on by default; turning one off
 * trades those searches for write throughput (measured in docs/benchmarks.md: together they roughly
 * halve transaction ingest speed). When off, no rows are written, the parameters leave the
 * CapabilityStatement and searches on them are refused (400), never silently wrong.
 *
 * @param compositeIndex composite parameters such as {@code code-value-quantity} (sp_composite)
 * @param fullTextIndex {@code _text} and {@code _content} (sp_fulltext)
 * @param rebuildIndexesFrom a bulk index pass of at least this many resources, and of no fewer than
 *     are indexed already, drops the value-ordered indexes and builds them again after it ({@link
 *     IndexRebuild}); 0 never does
 * @param rebuildSessions how many of those indexes are built at once, each on its own connection
 *     ({@code CREATE INDEX} of a GIN index uses one core in PostgreSQL 17)
 * @param rebuildWorkers PostgreSQL's {@code max_parallel_maintenance_workers} while building them
 *     (workers of one B-tree build, besides its own backend); -1 leaves the server's setting
 */
@ConfigurationProperties("custodian.search")
public record SearchIndexSettings(
    @DefaultValue("true") boolean compositeIndex,
    @DefaultValue("true") boolean fullTextIndex,
    @DefaultValue("50000") long rebuildIndexesFrom,
    @DefaultValue("2") int rebuildSessions,
    @DefaultValue("-1") int rebuildWorkers) {

  /** Everything on: the default, also for tests that build the search classes by hand. */
  public static SearchIndexSettings all() {
    return new SearchIndexSettings(true, true, 50_000, 2, -1);
  }
}
