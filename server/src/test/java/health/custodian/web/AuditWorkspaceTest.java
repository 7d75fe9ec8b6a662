package health.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.AuditRecord;
import health.custodian.access.Role;
import health.custodian.security.UserAdministration;
import health.custodian.security.policy.BreakGlassService;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.TestCallers;
import health.custodian.testsupport.WebSession;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The compliance auditor's and the administrator's pages over HTTP, signed in through the real
 * pages: authorised and refused roles, the audit log search and its CSV, the break-glass review
 * flow, the chart's access history, the unusual access report, users and clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditWorkspaceTest extends IntegrationTest {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  @Autowired UserAdministration admin;
  @Autowired BreakGlassService breakGlass;

  private String patientId;
  private String relativeId;
  private WebSession auditor;
  private WebSession clinician;
  private WebSession relative;
  private WebSession administrator;

  @BeforeAll
  void setUp() {
    Http fhir = new Http(fhirBase());
    patientId = create(fhir, "Okonkwo-Lindqvist", "12 Harbour Lane", "02134");
    String self = create(fhir, "Marchetti", "7 Elm Street", "90210");
    relativeId = create(fhir, "Marchetti", "1 Other Road", "10001");
    String root = "http://localhost:" + port;
    WebTestUsers.create(admin, "auditor-web", Set.of(Role.COMPLIANCE_AUDITOR));
    WebTestUsers.create(admin, "dr-audited", Set.of(Role.CLINICIAN));
    admin.addUser(
        TestCallers.fullAccess(),
        new UserAdministration.NewUser(
            "dr-relative", WebTestUsers.PASSWORD, Set.of(Role.CLINICIAN), self, null, Set.of()));
    WebTestUsers.create(admin, "admin-web", Set.of(Role.ADMINISTRATOR));
    auditor = WebSession.signIn(root, "auditor-web", WebTestUsers.PASSWORD);
    clinician = WebSession.signIn(root, "dr-audited", WebTestUsers.PASSWORD);
    relative = WebSession.signIn(root, "dr-relative", WebTestUsers.PASSWORD);
    administrator = WebSession.signIn(root, "admin-web", WebTestUsers.PASSWORD);
    assertThat(clinician.get("/patients/" + patientId).statusCode()).isEqualTo(200);
    assertThat(relative.get("/patients/" + relativeId).statusCode()).isEqualTo(200);
  }

  private static String create(Http fhir, String family, String line, String postal) {
    String body =
        "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\""
            + family
            + "\",\"given\":[\"Ana\"]}],\"gender\":\"female\",\"birthDate\":\"1980-02-03\","
            + "\"address\":[{\"line\":[\""
            + line
            + "\"],\"postalCode\":\""
            + postal
            + "\"}]}";
    HttpResponse<String> r = fhir.post("/Patient", body);
    assertThat(r.statusCode()).isEqualTo(201);
    return Json.parse(r.body()).path("id").asText();
  }

  @Test
  void theAuditorSearchesTheLogByPatientAndUser() {
    HttpResponse<String> r = auditor.get("/audit?patient=" + patientId);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("Audit log", "dr-audited", "Patient/" + patientId);
    assertThat(r.body()).doesNotContain("dr-relative");
    HttpResponse<String> fragment =
        auditor.get("/audit?user=dr-audited&action=R&outcome=0", "HX-Request", "true");
    assertThat(fragment.body()).doesNotContain("<html").contains("dr-audited");
    assertThat(auditor.get("/audit?outcome=7").statusCode()).isEqualTo(400);
    assertThat(auditor.get("/audit?from=yesterday").statusCode()).isEqualTo(400);
  }

  @Test
  void theLogPaginatesWithAKeysetCursor() {
    String first = auditor.get("/audit").body();
    Matcher next = Pattern.compile("before=(\\d+)").matcher(first);
    assertThat(next.find()).as("more than 50 entries, so a next page").isTrue();
    HttpResponse<String> older = auditor.get("/audit?before=" + next.group(1));
    assertThat(older.statusCode()).isEqualTo(200);
    assertThat(older.body()).contains("Newest");
  }

  @Test
  void everyAuditPageViewIsItselfAudited() {
    audit.clear();
    auditor.get("/audit?user=dr-audited");
    assertThat(audit.ofSubtype("search-type"))
        .anyMatch(
            a ->
                a.caller().id().equals("auditor-web")
                    && a.outcome() == AuditRecord.Outcome.SUCCESS
                    && "agent=dr-audited".equals(a.query()));
  }

  @Test
  void otherRolesGetTheDesigned403PageAndTheRefusalIsAudited() {
    audit.clear();
    for (String path :
        new String[] {
          "/audit",
          "/audit.csv",
          "/audit/break-glass",
          "/audit/unusual",
          "/patients/" + patientId + "/access"
        }) {
      HttpResponse<String> r = clinician.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(403);
      assertThat(r.body()).as(path).contains("Not allowed").doesNotContain("Exception");
    }
    assertThat(audit.records())
        .anyMatch(
            a ->
                a.caller().id().equals("dr-audited")
                    && a.outcome() == AuditRecord.Outcome.MINOR_FAILURE);
    for (String path : new String[] {"/manage/users", "/manage/users/new", "/manage/clients"}) {
      assertThat(auditor.get(path).statusCode()).as(path).isEqualTo(403);
    }
    assertThat(administrator.get("/audit").statusCode()).isEqualTo(403);
  }

  @Test
  void theCsvExportHasTheSameFiltersQuotesFieldsAndIsAuditedAsAnExport() {
    String csrf = csrf(administrator.get("/manage/clients").body());
    administrator.post(
        "/manage/clients",
        "name=lab-feed&scopes="
            + enc("system/Observation.rs system/Patient.rs")
            + "&redirectUri=&_csrf="
            + enc(csrf));
    audit.clear();
    HttpResponse<String> r = auditor.get("/audit.csv?user=admin-web");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(r.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
    String[] lines = r.body().split("\r\n");
    assertThat(lines[0]).startsWith("id,time,user_kind,user,action,subtype,outcome,detail");
    assertThat(lines).hasSizeGreaterThan(1);
    assertThat(java.util.Arrays.copyOfRange(lines, 1, lines.length))
        .allMatch(l -> l.contains(",user,admin-web,"));
    // The detail "client-added <id> [system/Observation.rs, system/Patient.rs]" has a comma.
    assertThat(r.body()).containsPattern("\"client-added [^\"]+\\[system/Observation.rs, [^\"]+\"");
    assertThat(audit.ofSubtype("export"))
        .anyMatch(a -> a.caller().id().equals("auditor-web") && a.patients().isEmpty());
  }

  @Test
  void theBreakGlassReviewQueueShowsWhatWasOpenedAndAReviewRemovesTheGrant() {
    String grant =
        breakGlass
            .grant(TestCallers.clinician("dr-audited", null), "Unconscious patient in the ED")
            .id();
    assertThat(clinician.get("/patients/" + patientId).statusCode()).isEqualTo(200);
    HttpResponse<String> queue = auditor.get("/audit/break-glass");
    assertThat(queue.statusCode()).isEqualTo(200);
    assertThat(queue.body())
        .contains("grant-" + grant, "Unconscious patient in the ED", "dr-audited")
        .contains(patientId);
    HttpResponse<String> reviewed =
        auditor.post(
            "/audit/break-glass/" + grant + "/review",
            "outcome=justified&comment="
                + enc("Seen, documented")
                + "&_csrf="
                + enc(csrf(queue.body())));
    assertThat(reviewed.statusCode()).isEqualTo(302);
    HttpResponse<String> after = auditor.get("/audit/break-glass?reviewed=justified");
    assertThat(after.body()).doesNotContain("grant-" + grant).contains("Review recorded");
    HttpResponse<String> again =
        auditor.post(
            "/audit/break-glass/" + grant + "/review",
            "outcome=justified&_csrf=" + enc(csrf(after.body())));
    assertThat(again.statusCode()).isEqualTo(409);
    HttpResponse<String> noCsrf =
        auditor.post("/audit/break-glass/" + grant + "/review", "outcome=justified");
    assertThat(noCsrf.statusCode()).isEqualTo(403);
  }

  @Test
  void theChartShowsWhoHasSeenTheRecordOnlyToTheAuditor() {
    assertThat(clinician.get("/patients/" + patientId).body())
        .doesNotContain("Who has seen this record");
    HttpResponse<String> chart = auditor.get("/patients/" + patientId);
    assertThat(chart.statusCode()).isEqualTo(200);
    assertThat(chart.body()).contains("Who has seen this record");
    HttpResponse<String> section = auditor.get("/patients/" + patientId + "/access");
    assertThat(section.statusCode()).isEqualTo(200);
    assertThat(section.body()).startsWith("<div id=\"sec-access\"").contains("dr-audited");
  }

  @Test
  void theUnusualAccessReportFindsEachPatternWithItsEvidence() {
    HttpResponse<String> none = auditor.get("/audit/unusual");
    assertThat(none.statusCode()).isEqualTo(200);
    // No working hours at all and thresholds of one: every access is after hours.
    HttpResponse<String> r =
        auditor.get("/audit/unusual?start=00:00&end=00:00&burst=1&charts=1&days=1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("After-hours burst", "with no encounter with this user", "dr-audited");
    assertThat(r.body())
        .contains(
            "Family and neighbours", "dr-relative", "Patient/" + relativeId + " (family name)");
    assertThat(r.body()).contains("Evidence");
    assertThat(auditor.get("/audit/unusual?burst=0").statusCode()).isEqualTo(400);
  }

  @Test
  void theAdministratorManagesUsersMfaAndClients() {
    HttpResponse<String> list = administrator.get("/manage/users");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("auditor-web", "compliance-auditor", "Enrolled");
    String form = administrator.get("/manage/users/new").body();
    HttpResponse<String> added =
        administrator.post(
            "/manage/users",
            "name=coder-new&password="
                + enc(WebTestUsers.PASSWORD)
                + "&role=coder&role=data-analyst&patient=&actor=&clearances="
                + enc("R, PSY")
                + "&_csrf="
                + enc(csrf(form)));
    assertThat(added.statusCode()).isEqualTo(302);
    HttpResponse<String> bad =
        administrator.post(
            "/manage/users", "name=coder-new&password=short&_csrf=" + enc(csrf(form)));
    assertThat(bad.statusCode()).isEqualTo(200);
    assertThat(bad.body()).contains("at least 8 characters");
    assertThat(admin.listUsers())
        .anyMatch(u -> u.name().equals("coder-new") && u.roles().contains("data-analyst"));

    audit.clear();
    String page = administrator.get("/manage/users").body();
    assertThat(
            administrator
                .post("/manage/users/dr-relative/mfa-reset", "_csrf=" + enc(csrf(page)))
                .statusCode())
        .isEqualTo(302);
    assertThat(admin.listUsers())
        .anyMatch(u -> u.name().equals("dr-relative") && !u.totpEnrolled());
    assertThat(audit.ofSubtype("mfa-change"))
        .anyMatch(
            a ->
                a.caller().id().equals("admin-web") && "totp-reset dr-relative".equals(a.detail()));
    assertThat(
            administrator
                .post("/manage/users/coder-new/disable", "_csrf=" + enc(csrf(page)))
                .statusCode())
        .isEqualTo(302);
    assertThat(admin.listUsers()).anyMatch(u -> u.name().equals("coder-new") && u.disabled());

    String clients = administrator.get("/manage/clients").body();
    HttpResponse<String> created =
        administrator.post(
            "/manage/clients",
            "name=registry&scopes=system%2FPatient.rs&redirectUri=&_csrf=" + enc(csrf(clients)));
    assertThat(created.statusCode()).isEqualTo(200);
    Matcher secret = Pattern.compile("id=\"client-secret\">([^<]+)<").matcher(created.body());
    assertThat(secret.find()).isTrue();
    assertThat(administrator.get("/manage/clients").body())
        .contains("registry")
        .doesNotContain(secret.group(1));
  }

  private static String csrf(String page) {
    Matcher m = CSRF.matcher(page);
    assertThat(m.find()).as("a CSRF token in the page").isTrue();
    return m.group(1);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
