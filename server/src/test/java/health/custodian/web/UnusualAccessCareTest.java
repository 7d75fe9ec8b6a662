package health.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.security.UserAdministration;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.WebSession;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The unusual access report's "charts without care" asks whether the user's actor took part in an
 * Encounter of each patient opened (records.CareRelations): a chart opened with an encounter is
 * care, one without is evidence; the question is audited and nothing of the Encounter is shown.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnusualAccessCareTest extends IntegrationTest {

  // Working hours all day and a high burst threshold: only "charts without care" can be found.
  private static final String REPORT = "/audit/unusual?start=00:00&end=23:59&burst=1000&days=1";

  @Autowired UserAdministration admin;

  private String treated;
  private String untreated;
  private WebSession auditor;

  @BeforeAll
  void setUp() {
    Http fhir = new Http(fhirBase());
    String practitioner =
        id(
            fhir.post(
                "/Practitioner",
                "{\"resourceType\":\"Practitioner\",\"name\":[{\"family\":\"Quarshie\"}]}"));
    treated = patient(fhir, "Brandvold");
    untreated = patient(fhir, "Szczepanski");
    assertThat(
            fhir.post(
                    "/Encounter",
                    "{\"resourceType\":\"Encounter\",\"status\":\"finished\",\"class\":{\"code\":"
                        + "\"AMB\"},\"subject\":{\"reference\":\"Patient/"
                        + treated
                        + "\"},\"participant\":[{\"individual\":{\"reference\":\"Practitioner/"
                        + practitioner
                        + "\"}}]}")
                .statusCode())
        .isEqualTo(201);
    admin.addUser(
        Caller.system("test"),
        new UserAdministration.NewUser(
            "dr-care",
            WebTestUsers.PASSWORD,
            Set.of(Role.CLINICIAN),
            null,
            "Practitioner/" + practitioner,
            Set.of()));
    WebTestUsers.create(admin, "auditor-care", Set.of(Role.COMPLIANCE_AUDITOR));
    String root = "http://localhost:" + port;
    WebSession clinician = WebSession.signIn(root, "dr-care", WebTestUsers.PASSWORD);
    assertThat(clinician.get("/patients/" + treated).statusCode()).isEqualTo(200);
    assertThat(clinician.get("/patients/" + untreated).statusCode()).isEqualTo(200);
    auditor = WebSession.signIn(root, "auditor-care", WebTestUsers.PASSWORD);
  }

  @Test
  void aChartOpenedWithAnEncounterIsCareAndOneWithoutIsEvidence() {
    audit.clear();
    HttpResponse<String> one = auditor.get(REPORT + "&charts=1");
    assertThat(one.statusCode()).isEqualTo(200);
    String finding = findingOf(one.body(), "dr-care");
    assertThat(finding)
        .contains("opened the records of 1 patients with no encounter with this user")
        .contains("/audit?patient=" + untreated)
        .doesNotContain("/audit?patient=" + treated);
    assertThat(audit.ofSubtype("care-relations"))
        .anyMatch(
            a ->
                a.caller().id().equals("auditor-care")
                    && a.patients().containsAll(Set.of(treated, untreated))
                    && a.entities().stream().anyMatch(e -> e.startsWith("Practitioner/")));
  }

  @Test
  void belowTheThresholdOnceEncountersCountThereIsNoFinding() {
    HttpResponse<String> two = auditor.get(REPORT + "&charts=2");
    assertThat(two.statusCode()).isEqualTo(200);
    assertThat(two.body()).doesNotContain("<span>dr-care</span></h2>");
  }

  /** The report's finding about one user (an article from its heading to its end). */
  private static String findingOf(String page, String user) {
    int start = page.indexOf("<span>" + user + "</span></h2>");
    assertThat(start).as("a finding about " + user).isNotNegative();
    return page.substring(start, page.indexOf("</article>", start));
  }

  private static String patient(Http fhir, String family) {
    return id(
        fhir.post(
            "/Patient",
            "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}"));
  }

  private static String id(HttpResponse<String> created) {
    assertThat(created.statusCode()).isEqualTo(201);
    return Json.parse(created.body()).path("id").asText();
  }
}
