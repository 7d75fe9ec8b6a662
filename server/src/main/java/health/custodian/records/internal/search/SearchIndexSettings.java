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
 */
@ConfigurationProperties("custodian.search")
public record SearchIndexSettings(
    @DefaultValue("true") boolean compositeIndex,
    @DefaultValue("true") boolean fullTextIndex,
    @DefaultValue("50000") long rebuildIndexesFrom) {

  /** Everything on: the default, also for tests that build the search classes by hand. */
  public static SearchIndexSettings all() {
    return new SearchIndexSettings(true, true, 50_000);
  }
}
