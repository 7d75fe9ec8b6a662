package health.custodian.audit.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dictionary of repeated audit strings (agents, subtypes, addresses, sessions). New terms are
 * inserted in the appending transaction and cached only once it commits, so a rolled-back write
 * never leaves the cache pointing at a term that does not exist.
 */
final class Terms {

  private final Map<String, Integer> cache = new ConcurrentHashMap<>();

  /** Ids of {@code terms}, inserting the unknown ones on {@code c}; adds them to {@code fresh}. */
  Map<String, Integer> resolve(Connection c, Collection<String> terms, Map<String, Integer> fresh)
      throws SQLException {
    Map<String, Integer> ids = new HashMap<>();
    for (String term : terms) {
      Integer id = cache.get(term);
      if (id == null) {
        id = fresh.get(term);
      }
      if (id == null) {
        id = insert(c, term);
        fresh.put(term, id);
      }
      ids.put(term, id);
    }
    return ids;
  }

  void remember(Map<String, Integer> committed) {
    cache.putAll(committed);
  }

  private static int insert(Connection c, String term) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into audit_term (term) values (?) on conflict (term) do nothing returning id")) {
      ps.setString(1, term);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return rs.getInt(1);
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("select id from audit_term where term = ?")) {
      ps.setString(1, term);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("audit term vanished");
        }
        return rs.getInt(1);
      }
    }
  }
}
