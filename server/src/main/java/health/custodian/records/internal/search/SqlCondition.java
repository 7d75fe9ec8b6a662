package health.custodian.records.internal.search;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A boolean SQL fragment over {@code resource r} with its bind arguments. Searches are the AND of
 * such fragments in one WHERE clause, so further filters (access control) can be added alike.
 * Public so that the storage package can AND the gateway's access condition into history queries.
 *
 * @param key the same condition as a set of resource keys from one index table, when it is one (see
 *     {@link DrivingSet}); {@link #sql()} is always complete on its own
 */
public record SqlCondition(String sql, List<Object> args, @Nullable IndexKey key) {

  public SqlCondition {
    args = List.copyOf(args);
  }

  public SqlCondition(String sql, List<Object> args) {
    this(sql, args, null);
  }

  /**
   * A positive condition "some row of {@code table} with this predicate belongs to the resource".
   *
   * @param predicate over the index row, called {@code x}, starting with its {@code param_id}
   * @param typeSpecific whether the parameter id belongs to one resource type, so that a matching
   *     row already implies the searched type (index rows exist for current, not deleted versions
   *     only)
   */
  record IndexKey(String table, String predicate, List<Object> args, boolean typeSpecific) {
    IndexKey {
      args = List.copyOf(args);
    }
  }

  static SqlCondition of(String sql, Object... args) {
    return new SqlCondition(sql, List.of(args));
  }

  static SqlCondition or(List<SqlCondition> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    StringBuilder sql = new StringBuilder("(");
    List<Object> args = new ArrayList<>();
    for (SqlCondition p : parts) {
      if (sql.length() > 1) {
        sql.append(" or ");
      }
      sql.append('(').append(p.sql()).append(')');
      args.addAll(p.args());
    }
    return new SqlCondition(sql.append(')').toString(), args);
  }
}
