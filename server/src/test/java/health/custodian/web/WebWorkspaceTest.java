package health.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.records.SyntheaFixtures;
import health.custodian.security.UserAdministration;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.WebSession;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/** The workspace's pages over a real Synthea patient (2,031 resources), rendered server-side. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebWorkspaceTest extends IntegrationTest {

  @Autowired UserAdministration admin;

  private String patientId;
  private WebSession web;

  @BeforeAll
  void load() {
    patientId = SyntheaFixtures.loadPatient(new Http(fhirBase()));
    web = WebTestUsers.clinician(admin, "http://localhost:" + port);
  }

  @Test
  void theChartShowsTheWholeRecordOnOnePage() {
    HttpResponse<String> r = web.get("/patients/" + patientId);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'");
    String html = r.body();
    assertThat(html).contains("Encounters", "Problems and diagnoses", "Laboratory results");
    assertThat(html).contains("Vital signs", "Notes and reports");
    // Clinicians have no financial rights (docs/security.md "Role matrix"): the chart says so.
    assertThat(html)
        .doesNotContain("<section id=\"claims\"")
        .contains("id=\"refused-sections\"", "claims and explanations of benefit");
    assertThat(html).doesNotContain("<script>");
    String family =
        Json.parse(new Http(fhirBase()).get("/Patient/" + patientId).body())
            .path("name")
            .get(0)
            .path("family")
            .asText();
    assertThat(html).contains(family);
  }

  @Test
  void sectionsPageWithHtmxFragments() {
    HttpResponse<String> r = web.get("/patients/" + patientId + "/section/encounters?page=2");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("<div id=\"sec-encounters\"").contains("Page 2 of");
    assertThat(web.get("/patients/" + patientId + "/section/nonsense").statusCode()).isEqualTo(404);
  }

  @Test
  void aLabTrendChartsEveryValueOfOneCode() {
    // 4548-4 HbA1c is common in Synthea; fall back to any code the chart links to.
    String chart = web.get("/patients/" + patientId).body();
    int at = chart.indexOf("/trend?code=");
    assertThat(at).as("the chart links to at least one trend").isPositive();
    String code = chart.substring(at + "/trend?code=".length(), chart.indexOf('"', at));
    HttpResponse<String> r = web.get("/patients/" + patientId + "/trend?code=" + code);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("data-series=\"trend\"", "application/json");
  }

  @Test
  void theFinderFindsByNameExactlyAndWithTypos() {
    String family = SyntheaFixtures.family(new Http(fhirBase()), patientId);
    HttpResponse<String> exact = web.get("/patients?name=" + family.toLowerCase());
    assertThat(exact.body()).contains("/patients/" + patientId);
    String typo =
        family.substring(0, 2) + family.charAt(3) + family.charAt(2) + family.substring(4);
    HttpResponse<String> tolerant = web.get("/patients?name=" + typo, "HX-Request", "true");
    assertThat(tolerant.body()).contains("/patients/" + patientId).contains("close spellings");
    assertThat(tolerant.body()).doesNotContain("<html");
  }

  @Test
  void unknownPatientsGetTheDesignedNotFoundPage() {
    HttpResponse<String> r = web.get("/patients/does-not-exist");
    assertThat(r.statusCode()).isEqualTo(404);
    // The same page as for a chart the user may not see, which never reveals that it exists.
    assertThat(r.body())
        .contains("No chart to show", "it does not exist, or your role")
        .doesNotContain("Exception");
  }

  @Test
  void historyShowsWhatChangedBetweenVersions() {
    Http fhir = new Http(fhirBase());
    String patient = fhir.get("/Patient/" + patientId).body();
    String changed = patient.replaceFirst("\"gender\":\"(fe)?male\"", "\"gender\":\"unknown\"");
    assertThat(fhir.put("/Patient/" + patientId, changed).statusCode()).isEqualTo(200);
    HttpResponse<String> r = web.get("/resources/Patient/" + patientId + "/history");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("Version <span>2</span>", "gender", "unknown", "changed");
  }
}
