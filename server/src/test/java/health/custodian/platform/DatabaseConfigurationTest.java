package health.custodian.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server's cluster: its collation provider, for new and for existing folders. */
class DatabaseConfigurationTest {

  @TempDir Path dir;

  @Test
  void aNewDataFolderGetsTheBuiltinCodePointCollation() throws Exception {
    try (EmbeddedPostgres pg = start()) {
      assertThat(
              query(
                  pg,
                  "select datlocprovider::text || ' ' || datlocale from pg_database"
                      + " where datname = current_database()"))
          .isEqualTo("b C.UTF-8");
      // Code point order (the order libc's C.UTF-8 gave before): Ø (U+00D8) after z, ω (U+03C9)
      // after it, 中 (U+4E2D), then the fullwidth Ａ (U+FF21) before 𝔄 (U+1D504), which UTF-16
      // order would reverse.
      assertThat(
              query(
                  pg,
                  "select string_agg(v, ',' order by v) from unnest(array['中', 'Øre', 'zeta',"
                      + " 'Zeta', 'ωmega', 'abel', 'Ábel', '\uD835\uDD04', '\uFF21'])"
                      + " v"))
          .isEqualTo("Zeta,abel,zeta,Ábel,Øre,ωmega,中,\uFF21,\uD835\uDD04");
      assertThat(query(pg, "select lower('ÁBEL ØRE ΩMEGA') || upper(' ábel øre ωmega')"))
          .isEqualTo("ábel øre ωmega ÁBEL ØRE ΩMEGA");
    }
  }

  @Test
  void anExistingDataFolderKeepsItsCollation() throws Exception {
    DataFolder folder = new DataFolder(dir);
    // A cluster made before the builtin provider: libc, from the environment.
    EmbeddedPostgres.builder()
        .setDataDirectory(folder.postgresDir())
        .setCleanDataDirectory(false)
        .start()
        .close();
    try (EmbeddedPostgres pg = start()) {
      assertThat(
              query(
                  pg,
                  "select datlocprovider::text from pg_database"
                      + " where datname = current_database()"))
          .isEqualTo("c");
      assertThat(query(pg, "select string_agg(v, ',' order by v) from unnest(array['b', 'a']) v"))
          .isEqualTo("a,b");
    }
  }

  private EmbeddedPostgres start() {
    DatabaseProperties db =
        new DatabaseProperties(null, null, null, "custodian_app", null, false, 4, "32MB", "1GB");
    return Objects.requireNonNull(
        new DatabaseConfiguration().embeddedPostgres(db, new DataFolder(dir)));
  }

  private static String query(EmbeddedPostgres pg, String sql) throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }
}
