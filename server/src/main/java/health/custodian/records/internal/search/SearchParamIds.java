package health.custodian.records.internal.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code sp_param} ids of the supported parameters. Registered once, on first use, in a
 * transaction of its own: the ids must survive even if the write that first needed them rolls back,
 * or rows written later would name ids that no longer exist.
 */
@Component
class SearchParamIds {

  /** The code prefix of contained variants; '#' never starts a FHIR parameter code. */
  static final String CONTAINED = "#";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate ownTransaction;
  private final SearchParameterRegistry registry;
  private volatile @Nullable Map<String, Integer> ids;

  SearchParamIds(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      SearchParameterRegistry registry) {
    this.jdbc = jdbc;
    this.registry = registry;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Registers at startup, before the first write: registering lazily inside a write would need a
   * second pooled connection while the write holds one, which a busy pool may not have.
   */
  @EventListener(ApplicationReadyEvent.class)
  void registerAtStartup() {
    ids();
  }

  int id(SearchParam param) {
    Integer id = ids().get(key(param.base(), param.code()));
    if (id == null) {
      throw new IllegalStateException("search parameter without id: " + param.code());
    }
    return id;
  }

  /**
   * The id of the contained variant of a parameter: rows of resources contained in a container (R4
   * search 3.1.1.5.9 {@code _contained}) are written under it, keyed by the container, so ordinary
   * searches never see them.
   */
  int containedId(SearchParam param) {
    Integer id = ids().get(key(param.base(), CONTAINED + param.code()));
    if (id == null) {
      throw new IllegalStateException("search parameter without contained id: " + param.code());
    }
    return id;
  }

  /**
   * The id under which a container has one token row per contained resource of {@code type} (code =
   * the contained id); null for a type the server does not know.
   */
  @Nullable Integer containedMarker(String type) {
    return ids().get(key(type, CONTAINED));
  }

  private Map<String, Integer> ids() {
    Map<String, Integer> current = ids;
    if (current == null) {
      synchronized (this) {
        current = ids;
        if (current == null) {
          current = ownTransaction.execute(status -> register());
          ids = current;
        }
      }
    }
    return current;
  }

  /**
   * Registers ids for further parameters (custom ones, before they are installed in the registry),
   * in a transaction of its own like the first registration.
   */
  synchronized void ensure(List<SearchParam> params) {
    ids();
    ids = ownTransaction.execute(status -> register(params));
  }

  private Map<String, Integer> register() {
    return register(registry.all());
  }

  private Map<String, Integer> register(List<SearchParam> params) {
    List<String> types = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    java.util.Set<String> bases = new java.util.TreeSet<>();
    for (SearchParam p : params) {
      if (p.indexed()) {
        types.add(p.base());
        codes.add(p.code());
        types.add(p.base());
        codes.add(CONTAINED + p.code());
      }
      bases.add(p.base());
    }
    for (String base : bases) {
      types.add(base);
      codes.add(CONTAINED);
    }
    jdbc.update(
        "insert into sp_param (res_type, code) select * from unnest(?::text[], ?::text[])"
            + " on conflict do nothing",
        types.toArray(String[]::new),
        codes.toArray(String[]::new));
    Map<String, Integer> out = new HashMap<>();
    jdbc.query(
        "select id, res_type, code from sp_param",
        rs -> {
          out.put(key(rs.getString(2), rs.getString(3)), rs.getInt(1));
        });
    return Map.copyOf(out);
  }

  private static String key(String base, String code) {
    return base + '\u0000' + code;
  }
}
