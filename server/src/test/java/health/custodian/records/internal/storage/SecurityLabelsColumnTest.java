package health.custodian.records.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The generated column {@code resource_version.security_labels} (V27_5, V41): the codes of a
 * version's {@code meta.security}, computed by a function the planner inlines, so that a version
 * without labels costs one {@code strpos} and no SQL-function call (V41).
 */
class SecurityLabelsColumnTest extends IntegrationTest {

  @Autowired JdbcTemplate jdbc;

  private @Nullable List<String> labels(@Nullable String body) {
    return jdbc.query(
        "select resource_version_security_labels(?)",
        rs -> {
          rs.next();
          return codes(rs.getArray(1));
        },
        body);
  }

  private static @Nullable List<String> codes(@Nullable Array array) throws SQLException {
    return array == null ? null : Arrays.asList((String[]) array.getArray());
  }

  @Test
  void labelsAreTheSecurityCodesSortedAndDistinct() {
    assertThat(labels(null)).isNull();
    assertThat(labels("{\"resourceType\":\"Patient\",\"id\":\"a\"}")).isNull();
    assertThat(
            labels(
                "{\"resourceType\":\"Patient\",\"id\":\"a\",\"meta\":{\"security\":["
                    + "{\"system\":\"s\",\"code\":\"R\"},{\"code\":\"N\"},{\"code\":\"R\"},"
                    + "{\"system\":\"s\"}]}}"))
        .containsExactly("N", "R");
    // "security" elsewhere than meta, or not an array: no labels
    assertThat(labels("{\"resourceType\":\"Basic\",\"id\":\"b\",\"text\":\"\\\"security\\\"\"}"))
        .isNull();
    assertThat(
            labels(
                "{\"resourceType\":\"Patient\",\"id\":\"a\",\"meta\":{\"security\":{\"code\":\"R\"}}}"))
        .isNull();
  }

  @Test
  void theGenerationExpressionIsInlined() {
    String plan =
        String.join(
            "\n",
            jdbc.queryForList(
                "explain (verbose, costs off)"
                    + " select resource_version_security_labels(body) from resource_version",
                String.class));
    assertThat(plan).contains("strpos(body").contains("resource_version_security_labels_parse");
    assertThat(plan).doesNotContain("resource_version_security_labels(body)");
  }

  @Test
  void storedVersionsCarryTheirLabels() {
    Http http = new Http(fhirBase());
    assertThat(
            http.put(
                    "/Patient/labelled",
                    "{\"resourceType\":\"Patient\",\"id\":\"labelled\",\"meta\":{\"security\":"
                        + "[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\","
                        + "\"code\":\"R\"}]}}")
                .statusCode())
        .isIn(200, 201);
    assertThat(
            http.put("/Patient/plain", "{\"resourceType\":\"Patient\",\"id\":\"plain\"}")
                .statusCode())
        .isIn(200, 201);
    List<String> stored =
        jdbc.query(
            "select security_labels from resource_version where res_id = 'labelled'",
            rs -> {
              rs.next();
              return codes(rs.getArray(1));
            });
    assertThat(stored).containsExactly("R");
    assertThat(
            jdbc.queryForObject(
                "select security_labels is null from resource_version where res_id = 'plain'",
                Boolean.class))
        .isTrue();
  }
}
