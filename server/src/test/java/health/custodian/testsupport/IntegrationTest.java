package health.custodian.testsupport;

import health.custodian.CustodianApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base class of integration tests: the whole application on a random port, against its own fresh
 * database in the shared embedded PostgreSQL.
 */
// A new context per class: DynamicPropertySource values are not part of Spring's context cache
// key, so without this every class would share the first class's database.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(
    classes = CustodianApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestAccessConfiguration.class)
public abstract class IntegrationTest {

  @LocalServerPort protected int port;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    String url = TestDatabase.newDatabaseUrl();
    registry.add("custodian.db.url", () -> url);
    registry.add("custodian.db.user", () -> "postgres");
    registry.add("custodian.db.password", () -> "");
    registry.add("custodian.db.pool-size", () -> "20");
    registry.add("server.shutdown", () -> "immediate");
  }

  protected String fhirBase() {
    return "http://localhost:" + port + "/fhir";
  }
}
