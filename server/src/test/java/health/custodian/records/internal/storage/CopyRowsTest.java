package health.custodian.records.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.custodian.testsupport.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** COPY rows in text format, collected or streamed in chunks, arrive exactly as written. */
class CopyRowsTest {

  private static SingleConnectionDataSource ds;
  private static JdbcTemplate jdbc;

  @BeforeAll
  static void database() {
    ds = new SingleConnectionDataSource(TestDatabase.newDatabaseUrl(), "postgres", "", true);
    jdbc = new JdbcTemplate(ds);
    jdbc.execute("create table t (n bigint, flag boolean, at timestamptz, s text)");
    jdbc.execute("create table b (n bigint, i integer, at timestamptz, s text, flag boolean)");
    jdbc.execute("create table parts (n bigint, a text, b text, body text)");
  }

  @AfterAll
  static void close() {
    ds.destroy();
  }

  @BeforeEach
  void empty() {
    jdbc.execute("truncate t, b, parts");
  }

  /** Text that needs every escape, non-ASCII text, nulls, and values larger than a chunk. */
  private static List<String> values() {
    List<String> out = new ArrayList<>();
    out.add("plain");
    out.add("back\\slash, tab\t, newline\n, return\r, \\N and \\.");
    out.add("Jos\u00e9 \u00d6zdemir \u6f22\u5b57 \ud83d\ude00");
    out.add(null);
    out.add("");
    out.add("x".repeat(200_000));
    out.add("\\".repeat(70_000) + "\u00e9".repeat(40_000));
    for (int i = 0; i < 3000; i++) {
      out.add("row " + i + " " + "y".repeat(i % 97));
    }
    return out;
  }

  private static void fill(CopyRows rows, List<String> values) {
    Instant at = Instant.parse("2026-11-27T00:00:00.123Z");
    for (int i = 0; i < values.size(); i++) {
      rows.add((long) i).add(i % 2 == 0).add(at.plusMillis(i)).add(values.get(i)).endRow();
    }
  }

  private static void assertStored(List<String> values) {
    List<String> stored = jdbc.query("select s from t order by n", (rs, i) -> rs.getString(1));
    assertThat(stored).containsExactlyElementsOf(values);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from t where flag = (n % 2 = 0)"
                    + " and at = timestamptz '2026-11-27T00:00:00.123Z' + n * interval '1 ms'",
                Integer.class))
        .isEqualTo(values.size());
  }

  @Test
  void collectedRows() {
    List<String> values = values();
    CopyRows rows = new CopyRows();
    fill(rows, values);
    assertThat(rows.rows()).isEqualTo(values.size());
    rows.copy(jdbc, "t (n, flag, at, s)");
    assertStored(values);
  }

  @Test
  void streamedRows() {
    List<String> values = values();
    long copied = CopyRows.copy(jdbc, "t (n, flag, at, s)", rows -> fill(rows, values));
    assertThat(copied).isEqualTo(values.size());
    assertStored(values);
  }

  @Test
  void binaryRows() {
    List<String> values = values();
    Instant at = Instant.parse("1969-07-20T20:17:40.123Z");
    long copied =
        BinaryCopyRows.copy(
            jdbc,
            "b (n, i, at, s, flag)",
            rows -> {
              for (int i = 0; i < values.size(); i++) {
                rows.row(5)
                    .add(i == 1 ? Long.MIN_VALUE : (long) i)
                    .add(i == 2 ? Integer.MIN_VALUE : -i)
                    .add(at.plusMillis(i * 1_000_003L))
                    .add(values.get(i))
                    .add(i % 3 == 0);
              }
            });
    assertThat(copied).isEqualTo(values.size());
    List<String> stored = new ArrayList<>();
    jdbc.query(
        "select n, i, at, s, flag from b order by at",
        rs -> {
          int row = stored.size();
          assertThat(rs.getLong(1)).isEqualTo(row == 1 ? Long.MIN_VALUE : row);
          assertThat(rs.getInt(2)).isEqualTo(row == 2 ? Integer.MIN_VALUE : -row);
          assertThat(rs.getTimestamp(3).toInstant()).isEqualTo(at.plusMillis(row * 1_000_003L));
          stored.add(rs.getString(4));
          assertThat(rs.getBoolean(5)).isEqualTo(row % 3 == 0);
        });
    assertThat(stored).containsExactlyElementsOf(values);
  }

  /**
   * Parts of a string ({@code Type/id} keys of links) and spliced bodies (bytes of an NDJSON line
   * after a head) arrive as the substrings and texts they stand for, ASCII or not, small or larger
   * than a chunk.
   */
  @Test
  void binaryPartsAndSplicedBodies() {
    List<String> keys = new ArrayList<>();
    List<String> tails = new ArrayList<>();
    for (String middle : new String[] {"a", "\u00e9t\u00e9", "\ud83d\ude00", "z".repeat(70_000)}) {
      keys.add("Patient/" + middle + "-1");
      tails.add(",\"note\":\"" + middle + "\"}");
    }
    tails.add(",\"meta\":{},\"x\":1}");
    tails.add(",\"meta\":{\"profile\":[\"p\"]},\"x\":\"" + "\u00e9".repeat(40_000) + "\"}");
    Instant at = Instant.parse("2026-11-27T10:00:00.5Z");
    long copied =
        BinaryCopyRows.copy(
            jdbc,
            "parts (n, a, b, body)",
            rows -> {
              for (int i = 0; i < tails.size(); i++) {
                String key = keys.get(i % keys.size());
                int slash = key.indexOf('/');
                byte[] line =
                    ("xx{\"resourceType\":\"Patient\",\"id\":\"p1\"" + tails.get(i))
                        .getBytes(StandardCharsets.UTF_8);
                int from = line.length - tails.get(i).getBytes(StandardCharsets.UTF_8).length;
                rows.row(4)
                    .add((long) i)
                    .add(key, 0, slash)
                    .add(key, slash + 1, key.length())
                    .add(SplicedBody.of("Patient", "p1", 2, ResourceMeta.instant(at), line, from));
              }
            });
    assertThat(copied).isEqualTo(tails.size());
    List<String> stored = new ArrayList<>();
    jdbc.query(
        "select n, a, b, body from parts order by n",
        rs -> {
          int row = stored.size();
          String key = keys.get(row % keys.size());
          assertThat(rs.getString(2) + "/" + rs.getString(3)).isEqualTo(key);
          stored.add(rs.getString(4));
        });
    List<String> expected = new ArrayList<>();
    for (String tail : tails) {
      expected.add(ResourceMeta.splice("Patient", "p1", 2, at, tail));
    }
    assertThat(stored).containsExactlyElementsOf(expected);
  }

  @Test
  void aFailingFillCancelsTheCopyAndLeavesTheConnectionUsable() {
    assertThatThrownBy(
            () ->
                CopyRows.copy(
                    jdbc,
                    "t (n, flag, at, s)",
                    rows -> {
                      fill(rows, values());
                      throw new IllegalStateException("stop");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("stop");
    assertThat(jdbc.queryForObject("select count(*) from t", Integer.class)).isZero();
  }

  @Test
  void aRowTheServerRejectsFailsTheCopy() {
    assertThatThrownBy(
            () ->
                CopyRows.copy(
                    jdbc,
                    "t (n, flag, at, s)",
                    rows ->
                        rows.addRaw("not a number").add(true).add(Instant.EPOCH).add("x").endRow()))
        .isInstanceOf(DataAccessException.class);
    assertThat(jdbc.queryForObject("select count(*) from t", Integer.class)).isZero();
  }
}
