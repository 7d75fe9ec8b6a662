package health.custodian.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the runtime role may not do although owner-run functions drop and rebuild indexes for it
 * (V28, V35): drop an index itself, or write the table of suspended definitions that the rebuild
 * executes.
 */
public final class RuntimeRoleDdl {

  private RuntimeRoleDdl() {}

  /** Asserts that {@code jdbc}'s role can neither drop {@code index} nor write {@code table}. */
  public static void assertNoDdl(JdbcTemplate jdbc, String index, String table) {
    assertThat(jdbc.queryForObject("select current_user", String.class)).isEqualTo("custodian_app");
    assertThatThrownBy(() -> jdbc.execute("drop index " + index))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("must be owner");
    assertThatThrownBy(
            () ->
                jdbc.update(
                    "insert into "
                        + table
                        + " (name, definition) values ('x', 'drop table resource')"))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("permission denied");
  }
}
