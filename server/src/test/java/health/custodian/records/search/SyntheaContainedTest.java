package health.custodian.records.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.SyntheaTransactionTestAccess;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Synthea puts a Coverage and a ServiceRequest inside every ExplanationOfBenefit: the 139 EOBs of
 * the 2,031-entry fixture are found by their contained resources. Logs the share of index rows the
 * contained resources add (docs/search-semantics.md).
 */
class SyntheaContainedTest extends IntegrationTest {

  private static final Logger log = LoggerFactory.getLogger(SyntheaContainedTest.class);

  @Autowired JdbcTemplate jdbc;

  @Test
  void explanationsOfBenefitAreFoundByTheirContainedCoverage() {
    Http http = new Http(fhirBase());
    for (String batch : new String[] {"hospitals.json.gz", "practitioners.json.gz"}) {
      assertThat(http.post("", SyntheaTransactionTestAccess.fixture(batch)).statusCode())
          .isEqualTo(200);
    }
    long start = System.nanoTime();
    assertThat(
            http.post("", SyntheaTransactionTestAccess.fixture("patient-2031-entries.json.gz"))
                .statusCode())
        .isEqualTo(200);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(total("Coverage?_contained=true&_summary=count")).isEqualTo(139);
    assertThat(total("ServiceRequest?_contained=true&status=completed&_summary=count"))
        .isEqualTo(139);
    assertThat(total("Coverage?_summary=count")).isZero();
    JsonNode page =
        Json.parse(http.get("/Coverage?_contained=true&_containedType=contained&_count=5").body());
    assertThat(page.path("entry").get(0).path("resource").path("resourceType").asText())
        .isEqualTo("Coverage");

    long all = 0;
    long contained = 0;
    for (String table :
        new String[] {
          "sp_token", "sp_string", "sp_reference", "sp_date", "sp_uri", "sp_quantity"
        }) {
      all += count("select count(*) from " + table);
      contained +=
          count(
              "select count(*) from "
                  + table
                  + " t join sp_param p on p.id = t.param_id where p.code like '#%'");
    }
    log.info(
        "Synthea patient transaction: {} ms; index rows {}, of which contained {}",
        millis,
        all,
        contained);
    assertThat(contained).isPositive();
  }

  private long count(String sql) {
    Long n = jdbc.queryForObject(sql, Long.class);
    return n == null ? 0 : n;
  }

  private long total(String query) {
    java.net.http.HttpResponse<String> r = new Http(fhirBase()).get("/" + query);
    assertThat(r.statusCode()).as(query + " " + r.body()).isEqualTo(200);
    return Json.parse(r.body()).path("total").asLong();
  }
}
