package health.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.records.SyntheaFixtures;
import health.custodian.security.UserAdministration;
import health.custodian.testsupport.Browser;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The main path of the coder, the records supervisor, the billing specialist, the data analyst and
 * the patient in headless Chromium under the strict CSP, each signed in once through the real
 * pages: the role's home page, finding a patient, the chart, a lab trend, a note, the access
 * history (no role here may see it), a forbidden chart refused with a designed page and audited,
 * sign-out. Where the role matrix (docs/security.md) forbids a step, the designed refusal is
 * checked instead. Every page passes {@link RolePaths#check} at 1280 px and 768 px.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// Patients need no second factor by default (configurable, docs/security.md); here they do, so
// that every role's path starts with the MFA step.
@TestPropertySource(
    properties =
        "custodian.security.mfa-required-roles=clinician,coder,records-supervisor,"
            + "billing-specialist,compliance-auditor,data-analyst,patient")
class RoleBrowserTest extends IntegrationTest {

  @Autowired UserAdministration admin;

  private String patientId;
  private String family;

  /** A patient labelled restricted (v3-Confidentiality R): no user here has the clearance. */
  private String restrictedId;

  private String otherId;

  @BeforeAll
  void load() {
    Http fhir = new Http(fhirBase());
    patientId = SyntheaFixtures.loadPatient(fhir);
    family = SyntheaFixtures.family(fhir, patientId);
    restrictedId =
        create(
            fhir,
            "{\"resourceType\":\"Patient\",\"meta\":{\"security\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"R\"}]},"
                + "\"name\":[{\"family\":\"Celebre\",\"given\":[\"Vera\"]}],\"gender\":\"female\","
                + "\"birthDate\":\"1961-02-03\"}");
    otherId =
        create(
            fhir,
            "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Okafor\",\"given\":[\"Emeka\"]}],"
                + "\"gender\":\"male\",\"birthDate\":\"1990-07-08\"}");
    // An amendment, so that the supervisor's history shows a diff between two versions.
    String amended =
        fhir.get("/Patient/" + otherId)
            .body()
            .replaceFirst(
                "\"birthDate\"",
                "\"telecom\":[{\"system\":\"phone\",\"value\":\"555-0100\"}],\"birthDate\"");
    assertThat(fhir.put("/Patient/" + otherId, amended).statusCode()).isEqualTo(200);
    WebTestUsers.create(admin, "coder-browser", Set.of(Role.CODER));
    WebTestUsers.create(admin, "him-browser", Set.of(Role.RECORDS_SUPERVISOR));
    WebTestUsers.create(admin, "billing-browser", Set.of(Role.BILLING_SPECIALIST));
    WebTestUsers.create(admin, "analyst-browser", Set.of(Role.DATA_ANALYST));
    admin.addUser(
        Caller.system("test"),
        new UserAdministration.NewUser(
            "patient-browser",
            WebTestUsers.PASSWORD,
            Set.of(Role.PATIENT),
            patientId,
            null,
            Set.of()));
  }

  private static String create(Http fhir, String json) {
    return Json.parse(fhir.post("/Patient", json).body()).path("id").asText();
  }

  private Browser browser() {
    return new Browser("http://localhost:" + port, RolePaths.WIDTH, RolePaths.HEIGHT);
  }

  @Test
  void theCoderOpensAnEncounterToCodeReadsTheDocumentationAndIsRefusedARestrictedChart() {
    try (Browser b = browser()) {
      b.signIn("coder-browser", WebTestUsers.PASSWORD);
      By toCode = By.cssSelector("#home-encounters a[href='/patients/" + patientId + "']");
      b.waitFor(toCode);
      RolePaths.check(b, "home-coder", toCode);
      RolePaths.findAndOpen(b, family, patientId);
      assertThat(b.driver().findElements(By.id("refused-sections"))).isEmpty();
      RolePaths.check(b, "", By.cssSelector("#sec-notes details summary"));
      RolePaths.noteTrendRefusalsAndSignOut(
          b, audit, "coder-browser", patientId, restrictedId, "chart-refused");
    }
  }

  @Test
  void theRecordsSupervisorOpensAVersionHistoryAndTheChart() {
    try (Browser b = browser()) {
      b.signIn("him-browser", WebTestUsers.PASSWORD);
      By history =
          By.cssSelector("#home-changes a[href='/resources/Patient/" + otherId + "/history']");
      b.waitFor(history);
      assertThat(b.driver().findElement(By.id("home-changes")).getText())
          .contains("Okafor", family)
          .doesNotContain("Celebre");
      RolePaths.check(b, "home-supervisor", history);
      b.click(history);
      b.waitForText(By.cssSelector("article.version"), "Version 2");
      assertThat(b.driver().findElement(By.cssSelector("article.version table.diff")).getText())
          .contains("telecom", "555-0100", "added");
      RolePaths.check(b, "version-history", By.cssSelector(".signout button"));
      RolePaths.findAndOpen(b, family, patientId);
      // The records supervisor has no financial rights (docs/security.md "Role matrix").
      assertThat(b.driver().findElement(By.id("refused-sections")).getText())
          .contains("claims and explanations of benefit")
          .doesNotContain("notes");
      RolePaths.noteTrendRefusalsAndSignOut(b, audit, "him-browser", patientId, restrictedId, "");
    }
  }

  @Test
  void theBillingSpecialistSeesClaimsEncountersAndNoClinicalContent() {
    try (Browser b = browser()) {
      b.signIn("billing-browser", WebTestUsers.PASSWORD);
      By claim = By.cssSelector("#home-claims a[href='/patients/" + patientId + "']");
      b.waitFor(claim);
      assertThat(b.driver().findElement(By.id("home-claims")).getText()).contains("EOB");
      RolePaths.check(b, "home-billing", claim);
      RolePaths.findAndOpen(b, family, patientId);
      b.waitFor(By.cssSelector("#sec-encounters table"));
      b.waitFor(By.cssSelector("#sec-claims table"));
      // Minimum necessary (45 CFR 164.502(b)): no results, notes or problems, and the page says so.
      b.waitForText(By.id("refused-sections"), "notes and reports");
      assertThat(b.driver().findElement(By.id("refused-sections")).getText())
          .contains("laboratory results")
          .doesNotContain("claims");
      assertThat(b.driver().findElements(By.cssSelector("#notes, #results, #sec-notes, #sec-labs")))
          .isEmpty();
      b.screenshot("chart-billing");
      RolePaths.check(b, "", By.cssSelector("nav.toc a[href='#claims']"));
      b.open("/patients/" + patientId + "/trend?code=4548-4");
      RolePaths.refusal(b, "403", "Not allowed");
      assertThat(RolePaths.refusals(audit, "billing-browser", "Observation")).isNotEmpty();
      RolePaths.noAccessHistory(b, patientId);
      RolePaths.refusedChart(b, audit, "billing-browser", restrictedId, "");
      RolePaths.signOut(b, patientId);
    }
  }

  @Test
  void theDataAnalystSeesWhatTheRoleReachesAndReadsTheChart() {
    try (Browser b = browser()) {
      b.signIn("analyst-browser", WebTestUsers.PASSWORD);
      b.waitFor(By.cssSelector("#home-access table"));
      String access = b.driver().findElement(By.id("home-access")).getText();
      assertThat(access)
          .contains("Notes and reports yes no yes")
          .contains("Audit log no no no")
          .contains("labelled")
          .contains("PSY");
      RolePaths.check(b, "home-analyst", By.cssSelector("ul.tasks a[href='/patients']"));
      RolePaths.findAndOpen(b, family, patientId);
      RolePaths.noteTrendRefusalsAndSignOut(
          b, audit, "analyst-browser", patientId, restrictedId, "");
    }
  }

  @Test
  void thePatientLandsOnTheirOwnRecordAndIsRefusedAnotherPatientsChart() {
    try (Browser b = browser()) {
      b.signIn("patient-browser", WebTestUsers.PASSWORD);
      b.waitFor(By.cssSelector("#vitals .echart svg"));
      assertThat(b.driver().getCurrentUrl()).endsWith("/patients/" + patientId);
      b.waitForText(By.id("own-record"), "Your health record");
      RolePaths.check(b, "home-patient", By.cssSelector("#sec-notes details summary"));
      RolePaths.viewNote(b);
      RolePaths.openTrend(b);
      RolePaths.noAccessHistory(b, patientId);
      RolePaths.refusedChart(b, audit, "patient-browser", otherId, "");
      RolePaths.signOut(b, patientId);
    }
  }
}
