package health.custodian.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.custodian.access.AuditTrail;
import health.custodian.access.Role;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The application's runtime role may append audit rows, never change or remove them. */
class AuditAppendOnlyTest extends AuditTestSupport {

  @Autowired AuditTrail trail;
  @Autowired JdbcClient jdbc;

  private Connection app() throws SQLException {
    return DriverManager.getConnection(dbUrl, "custodian_app", "");
  }

  @BeforeEach
  void oneRecord() {
    trail.record(read(user("alice", Role.CLINICIAN), "p1", "Patient/p1"));
  }

  @Test
  void theApplicationConnectsAsTheRestrictedRole() {
    assertThat(jdbc.sql("select current_user").query(String.class).single())
        .isEqualTo("custodian_app");
  }

  @Test
  void theRuntimeRoleCannotUpdateDeleteOrTruncateAuditRows() throws Exception {
    for (String sql :
        new String[] {
          "update audit_event set outcome = 8",
          "delete from audit_event",
          "truncate audit_event",
          "update audit_term set term = 'x'",
          "delete from audit_term",
          "truncate audit_term",
          "delete from audit_head",
          "drop table audit_event",
          "alter table audit_event disable trigger all"
        }) {
      try (Connection c = app();
          Statement s = c.createStatement()) {
        assertThatThrownBy(() -> s.execute(sql))
            .as(sql)
            .isInstanceOf(SQLException.class)
            .hasMessageMatching("(?s).*(permission denied|must be (the )?owner).*");
      }
    }
    assertThat(verify().intact()).isTrue();
  }

  @Test
  void theRuntimeRoleMayStillReadAndWriteTheRecordStore() throws Exception {
    try (Connection c = app();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("insert into audit_term (term) values ('s:probe')");
      s.execute(
          "insert into bulk_job (id, kind, state, request_url, parameters, created_at, updated_at)"
              + " values ('j1', 'export', 'queued', 'u', '{}', now(), now())");
      assertThat(s.executeUpdate("update bulk_job set state = 'failed' where id = 'j1'"))
          .isEqualTo(1);
      assertThat(s.executeUpdate("delete from bulk_job where id = 'j1'")).isEqualTo(1);
      c.rollback();
    }
  }
}
