package health.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.Role;
import health.custodian.security.UserAdministration;
import health.custodian.security.policy.BreakGlassService;
import health.custodian.testsupport.Browser;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.TestCallers;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The compliance auditor's and the administrator's main paths in headless Chromium under the strict
 * CSP: sign in with TOTP, search the audit log, see who opened a chart, review a break-glass grant,
 * run the unusual access report, manage users and clients, sign out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditorBrowserTest extends IntegrationTest {

  @Autowired UserAdministration admin;
  @Autowired BreakGlassService breakGlass;

  private String patientId;

  @BeforeAll
  void load() {
    WebTestUsers.create(admin, "auditor-browser", Set.of(Role.COMPLIANCE_AUDITOR));
    WebTestUsers.create(admin, "admin-browser", Set.of(Role.ADMINISTRATOR));
    Http fhir = new Http(fhirBase());
    patientId =
        Json.parse(
                fhir.post(
                        "/Patient",
                        "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Abara\","
                            + "\"given\":[\"Ngozi\"]}],\"gender\":\"female\","
                            + "\"birthDate\":\"1975-04-05\"}")
                    .body())
            .path("id")
            .asText();
    WebTestUsers.create(admin, "dr-night", Set.of(Role.CLINICIAN));
    breakGlass.grant(TestCallers.clinician("dr-night", null), "Cardiac arrest, no consent on file");
    new Http(fhirBase())
        .get("/Patient/" + patientId, TestCallers.header(TestCallers.clinician("dr-night", null)));
  }

  @Test
  void theAuditorSearchesTheLogReviewsAGrantAndSignsOut() {
    try (Browser b = new Browser("http://localhost:" + port, 1280, 900)) {
      b.signIn("auditor-browser", WebTestUsers.PASSWORD);
      b.waitFor(By.cssSelector("ul.tasks a[href='/audit']")).click();
      b.waitFor(By.id("user")).sendKeys("dr-night");
      // htmx swaps in the filtered results as the user types: wait until others are gone.
      new WebDriverWait(b.driver(), Duration.ofSeconds(10))
          .until(
              d -> {
                String text = d.findElement(By.id("results")).getText();
                return text.contains("dr-night") && !text.contains("auditor-browser");
              });
      b.screenshot("audit-log");

      b.open("/patients/" + patientId);
      b.waitForText(By.cssSelector("#sec-access table"), "dr-night");
      b.screenshot("chart-access-history");

      b.open("/audit/break-glass");
      b.waitForText(By.cssSelector("article.grant"), "Cardiac arrest");
      b.click(By.cssSelector("article.grant details summary"));
      b.screenshot("break-glass-queue");
      b.waitFor(By.cssSelector("article.grant textarea")).sendKeys("Confirmed with the ED roster");
      b.click(By.cssSelector("article.grant form.review button"));
      b.waitForText(By.cssSelector("main"), "Review recorded");
      assertThat(b.driver().findElements(By.cssSelector("article.grant"))).isEmpty();

      b.open("/audit/unusual?start=00:00&end=00:00&burst=1&charts=1");
      b.waitFor(By.cssSelector("article.finding"));
      b.screenshot("unusual-access");

      assertThat(b.consoleErrors()).isEmpty();
      b.click(By.cssSelector(".signout button"));
      b.waitFor(By.name("username"));
      b.open("/audit");
      b.waitFor(By.name("username"));
    }
  }

  @Test
  void theAdministratorListsUsersAndRegistersAClient() {
    try (Browser b = new Browser("http://localhost:" + port, 1280, 900)) {
      // Administrators see no patient data and sign in without TOTP unless enrolled (the default
      // custodian.security.mfa-required-roles), so only the password page.
      b.open("/login");
      b.waitFor(By.name("username")).sendKeys("admin-browser");
      b.driver().findElement(By.name("password")).sendKeys(WebTestUsers.PASSWORD);
      b.driver().findElement(By.cssSelector("form button[type=submit]")).click();
      b.waitFor(By.cssSelector("ul.tasks a[href='/manage/users']")).click();
      b.waitForText(By.cssSelector("table.list"), "auditor-browser");
      b.screenshot("admin-users");
      b.open("/manage/clients");
      b.waitFor(By.id("cname")).sendKeys("registry-feed");
      b.driver().findElement(By.id("scopes")).sendKeys("system/Patient.rs");
      b.click(By.cssSelector("form.stack button"));
      b.waitFor(By.id("client-secret"));
      b.screenshot("admin-clients");
      assertThat(b.consoleErrors()).isEmpty();
    }
  }
}
