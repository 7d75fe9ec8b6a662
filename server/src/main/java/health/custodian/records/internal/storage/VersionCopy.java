package health.custodian.records.internal.storage;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Version rows of a large change set, written with COPY ({@link PgCopy}). */
final class VersionCopy {

  private VersionCopy() {}

  static void copy(JdbcTemplate jdbc, List<PendingVersion> versions) {
    List<Object[]> rows = new ArrayList<>(versions.size());
    for (PendingVersion v : versions) {
      rows.add(
          new Object[] {
            v.pk(), v.version(), v.resourceType(), v.id(), v.lastUpdated(), v.method(), v.body()
          });
    }
    PgCopy.copy(
        jdbc,
        "resource_version (res_pk, version, res_type, res_id, last_updated, method, body)",
        rows);
  }
}
