package health.custodian.records.internal.search;

import org.jspecify.annotations.Nullable;

/**
 * The access condition over {@code resource r} for resources of one type that a search reaches
 * indirectly: the target of a chained parameter, the source of a {@code _has} (R4 search
 * 3.1.1.4.11.2-3) or a {@code _list}. Issue #5: a caller must not learn of a resource it may not
 * see, and filtering by a hidden resource's fields would reveal it.
 */
@FunctionalInterface
interface TargetAccess {

  /** Nothing reached indirectly is filtered (the raw store, full-access callers). */
  TargetAccess NONE = type -> null;

  /** The condition for resources of {@code type}; null when nothing is filtered. */
  @Nullable SqlCondition condition(String type);

  /** {@code sql} with the type's access condition ANDed, when there is one. */
  default SqlCondition restrict(String type, SqlCondition sql) {
    SqlCondition access = condition(type);
    if (access == null) {
      return sql;
    }
    java.util.List<Object> args = new java.util.ArrayList<>(sql.args());
    args.addAll(access.args());
    return new SqlCondition("(" + sql.sql() + ") and (" + access.sql() + ")", args);
  }
}
