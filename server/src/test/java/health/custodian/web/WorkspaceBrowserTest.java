package health.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.Role;
import health.custodian.records.SyntheaFixtures;
import health.custodian.security.UserAdministration;
import health.custodian.testsupport.Browser;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The workspace in a real headless Chromium: finder, chart, encounter drill-down, lab trend and
 * note, with the strict Content-Security-Policy in force (htmx and ECharts must work under it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceBrowserTest extends IntegrationTest {

  @Autowired UserAdministration admin;

  private String patientId;
  private String family;

  @BeforeAll
  void load() {
    WebTestUsers.create(admin, "dr-browser", Set.of(Role.CLINICIAN));
    WebTestUsers.create(admin, "dr-tablet", Set.of(Role.CLINICIAN));
    Http fhir = new Http(fhirBase());
    patientId = SyntheaFixtures.loadPatient(fhir);
    family = SyntheaFixtures.family(fhir, patientId);
  }

  @Test
  void aClinicianFindsAPatientAndReadsTheChart() {
    try (Browser b = new Browser("http://localhost:" + port, 1280, 900)) {
      b.signIn("dr-browser", WebTestUsers.PASSWORD);
      b.waitFor(By.cssSelector("ul.tasks"));
      b.screenshot("home");
      b.open("/patients");
      b.waitFor(By.id("name")).sendKeys(family);
      WebElement link = b.waitFor(By.cssSelector("#results a[href='/patients/" + patientId + "']"));
      b.screenshot("finder");
      link.click();

      b.waitFor(By.id("patient-name"));
      b.waitFor(By.cssSelector("#vitals .echart svg"));
      b.screenshot("chart");

      b.click(By.cssSelector("#sec-encounters button.link"));
      b.waitFor(By.cssSelector("#sec-encounters .encounter-detail"));

      b.click(By.cssSelector("#sec-encounters .pager button"));
      b.waitForText(By.cssSelector("#sec-encounters .pager"), "Page 2 of");

      b.click(By.cssSelector("#sec-notes details summary"));
      assertThat(b.driver().findElement(By.cssSelector("#sec-notes pre.note-text")).isDisplayed())
          .isTrue();

      b.click(By.cssSelector("#sec-labs a[href*='/trend?code=']"));
      b.waitFor(By.cssSelector(".echart.tall svg"));
      b.screenshot("trend");

      assertThat(b.consoleErrors()).isEmpty();

      b.click(By.cssSelector(".signout button"));
      b.waitFor(By.name("username"));
      b.open("/patients/" + patientId);
      b.waitFor(By.name("username"));
    }
  }

  @Test
  void theChartFitsATabletWithoutSidewaysScrolling() {
    try (Browser b = new Browser("http://localhost:" + port, 820, 1180)) {
      b.signIn("dr-tablet", WebTestUsers.PASSWORD);
      b.waitFor(By.cssSelector("ul.tasks"));
      b.open("/patients/" + patientId);
      b.waitFor(By.cssSelector("#vitals .echart svg"));
      Object overflow =
          b.driver()
              .executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
      assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
      b.screenshot("chart-tablet");
    }
  }
}
