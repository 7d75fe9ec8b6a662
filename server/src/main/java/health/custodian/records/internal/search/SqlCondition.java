package health.custodian.records.internal.search;

import java.util.ArrayList;
import java.util.List;

/**
 * A boolean SQL fragment over {@code resource r} with its bind arguments. Searches are the AND of
 * such fragments in one WHERE clause, so further filters (access control) can be added alike.
 * Public so that the storage package can AND the gateway's access condition into history queries.
 */
public record SqlCondition(String sql, List<Object> args) {

  public SqlCondition {
    args = List.copyOf(args);
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
