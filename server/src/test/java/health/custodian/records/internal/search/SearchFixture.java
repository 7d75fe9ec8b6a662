package health.custodian.records.internal.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import health.custodian.records.internal.search.SearchIndexer.IndexedResource;
import health.custodian.testsupport.TestDatabase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A fresh migrated database with the search components wired by hand, and a minimal stand-in for
 * the record store: it writes {@code resource}/{@code resource_version} rows and indexes them in
 * the same transaction, as the real store does.
 */
final class SearchFixture {

  static final ObjectMapper JSON = new ObjectMapper();

  final JdbcTemplate jdbc;
  final JdbcSearchIndexer indexer;
  final JdbcSearchService service;
  final IndexExtractor extractor;
  private final TransactionTemplate tx;

  SearchFixture(SearchParameterRegistry registry) {
    String url = TestDatabase.newDatabaseUrl();
    Flyway.configure()
        .dataSource(url, "postgres", "")
        .placeholders(java.util.Map.of("appUser", "custodian_app"))
        .load()
        .migrate();
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(url);
    pool.setUsername("postgres");
    pool.setMaximumPoolSize(4);
    HikariDataSource ds = new HikariDataSource(pool);
    jdbc = new JdbcTemplate(ds);
    DataSourceTransactionManager transactions = new DataSourceTransactionManager(ds);
    tx = new TransactionTemplate(transactions);
    SearchParamIds ids = new SearchParamIds(jdbc, transactions, registry);
    extractor = new IndexExtractor(registry);
    indexer = new JdbcSearchIndexer(jdbc, extractor, ids, SearchIndexSettings.all());
    service = new JdbcSearchService(jdbc, registry, ids, SearchIndexSettings.all());
  }

  /** Creates or updates a resource (JSON with single quotes allowed) and indexes it. */
  long put(String json, String lastUpdated) {
    return putAll(List.of(json), lastUpdated).get(0);
  }

  List<Long> putAll(List<String> jsons, String lastUpdated) {
    return tx.execute(
        status -> {
          List<IndexedResource> batch = new ArrayList<>();
          for (String json : jsons) {
            ObjectNode r = parse(json);
            String type = r.get("resourceType").asText();
            String id = r.get("id").asText();
            OffsetDateTime at =
                OffsetDateTime.ofInstant(Instant.parse(lastUpdated), ZoneOffset.UTC);
            Long pk =
                jdbc.queryForObject(
                    "insert into resource (pk, res_type, res_id, version, last_updated)"
                        + " values (nextval('resource_pk_seq'), ?, ?, 1, ?)"
                        + " on conflict (res_type, res_id) do update"
                        + " set version = resource.version + 1, last_updated = excluded.last_updated,"
                        + " deleted = false returning pk",
                    Long.class,
                    type,
                    id,
                    at);
            jdbc.update(
                "insert into resource_version (res_pk, version, res_type, res_id, last_updated,"
                    + " method, body) select pk, version, res_type, res_id, last_updated, 'PUT', ?"
                    + " from resource where pk = ?",
                r.toString(),
                pk);
            batch.add(new IndexedResource(pk, type, r));
          }
          indexer.index(batch);
          return batch.stream().map(IndexedResource::pk).toList();
        });
  }

  /** Indexes in one transaction, as the store does (one connection for all statements). */
  void index(List<IndexedResource> batch) {
    tx.executeWithoutResult(status -> indexer.index(batch));
  }

  void delete(String type, String id) {
    tx.executeWithoutResult(
        status -> {
          Long pk =
              jdbc.queryForObject(
                  "update resource set deleted = true, version = version + 1"
                      + " where res_type = ? and res_id = ? returning pk",
                  Long.class,
                  type,
                  id);
          indexer.remove(List.of(pk));
        });
  }

  /** The ids of these keys, in key order. */
  List<String> ids(List<Long> pks) {
    List<String> out = new ArrayList<>();
    for (Long pk : pks) {
      out.add(jdbc.queryForObject("select res_id from resource where pk = ?", String.class, pk));
    }
    return out;
  }

  static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** {@code a=1&a=2&b=3} as the parameter map the REST layer hands over (no URL decoding). */
  static Map<String, List<String>> query(String query) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return out;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      out.computeIfAbsent(pair.substring(0, eq), k -> new ArrayList<>())
          .add(pair.substring(eq + 1));
    }
    return out;
  }
}
