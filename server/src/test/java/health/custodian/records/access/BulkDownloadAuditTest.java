package health.custodian.records.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.access.AccessRules;
import health.custodian.access.AuditRecord;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.RecordingAuditTrail;
import health.custodian.testsupport.TestAccessConfiguration;
import health.custodian.testsupport.TestAccessPolicy;
import health.custodian.testsupport.TestCallers;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * Issue #5: a Bulk Data export is a disclosure of the patients whose data leaves the server. The
 * kick-off cannot know them; each download of an output file is audited once with the patients the
 * file holds, so that a patient's accounting of disclosures ({@code Patient/{id}/$disclosures})
 * lists every export of their data.
 */
@Import(TestAccessConfiguration.class)
class BulkDownloadAuditTest extends IntegrationTest {

  @Autowired TestAccessPolicy policy;
  @Autowired RecordingAuditTrail audit;

  private final Caller analyst = TestCallers.user("dl-analyst", Role.DATA_ANALYST);
  private final Caller auditor = TestCallers.user("dl-auditor", Role.COMPLIANCE_AUDITOR);
  private Http http;

  @BeforeEach
  void setUp() {
    http = new Http(fhirBase());
    policy.reset();
    if (http.get("/Patient/dl1").statusCode() == 404) {
      for (String p : List.of("dl1", "dl2", "dl3")) {
        http.putOk("Patient/" + p, "{\"resourceType\":\"Patient\",\"id\":\"" + p + "\"}");
      }
      http.putOk("Observation/dlo1", Json.observation("dlo1", "dl1"));
      http.putOk("Observation/dlo2", Json.observation("dlo2", "dl2"));
      http.putOk("Observation/dlo3", Json.observation("dlo3", "dl3"));
      http.putOk("Observation/dlo4", Json.observation("dlo4", "dl1"));
    }
    // The analyst may export the compartments of dl1 and dl2 only; dl3's data never leaves.
    policy.use(
        (caller, interaction, type) ->
            caller.id().equals(analyst.id())
                ? new AccessRules(
                    true, null, Set.of("dl1", "dl2"), List.of(), Set.of(), false, false)
                : AccessRules.unrestricted());
    audit.clear();
  }

  @Test
  void eachDownloadIsAuditedWithThePatientsOfItsFileAndCountsAsTheirDisclosure() throws Exception {
    HttpResponse<String> kick =
        http.send(
            "GET",
            "/$export?_type=Observation,Patient",
            null,
            Http.concat(TestCallers.header(analyst), "Prefer", "respond-async"));
    assertThat(kick.statusCode()).as(kick.body()).isEqualTo(202);
    // The kick-off's record: nothing has left the server yet, so it names no patient.
    assertThat(audit.ofSubtype("export")).singleElement().satisfies(r -> assertPatients(r));
    String status = path(kick.headers().firstValue("Content-Location").orElseThrow());
    HttpResponse<String> done = http.get(status, TestCallers.header(analyst));
    for (int i = 0; i < 600 && done.statusCode() == 202; i++) {
      Thread.sleep(100);
      done = http.get(status, TestCallers.header(analyst));
    }
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    List<String> files = new ArrayList<>();
    Json.parse(done.body()).path("output").forEach(o -> files.add(path(o.path("url").asText())));
    assertThat(files).hasSize(2);

    audit.clear();
    List<String> exported = new ArrayList<>();
    for (String file : files) {
      for (int i = 0; i < 2; i++) {
        exported.clear();
        for (String line : http.get(file, TestCallers.header(analyst)).body().split("\n")) {
          if (!line.isBlank()) {
            exported.add(Json.parse(line).path("id").asText());
          }
        }
      }
    }
    assertThat(exported).isNotEmpty().doesNotContain("dl3", "dlo3");
    // Two downloads of each of the two files: four records, each naming its file and exactly the
    // patients whose data the file holds.
    List<AuditRecord> downloads = audit.records();
    assertThat(downloads).as(downloads.toString()).hasSize(4);
    for (AuditRecord r : downloads) {
      assertThat(r.subtype()).isEqualTo("export");
      assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.SUCCESS);
      assertThat(r.caller().id()).isEqualTo(analyst.id());
      String file = Objects.requireNonNull(r.query());
      assertThat(file).startsWith("$bulk-file/").endsWith(".ndjson");
      assertPatients(r, "dl1", "dl2");
    }

    // The accounting of disclosures of dl1 and dl2 lists the four downloads (besides the writes
    // of the test's own backend client, which made the data); dl3's lists none of them.
    for (String patient : List.of("dl1", "dl2")) {
      assertThat(analystsExports(patient)).as(patient).hasSize(4);
    }
    assertThat(analystsExports("dl3")).isEmpty();
    JsonNode dl1 =
        Json.parse(http.get("/Patient/dl1/$disclosures", TestCallers.header(auditor)).body());
    assertThat(dl1.toString()).contains(analyst.id());
  }

  /** The CSV accounting's rows of the analyst's exports concerning {@code patient}. */
  private List<String> analystsExports(String patient) {
    HttpResponse<String> csv =
        http.get(
            "/Patient/" + patient + "/$disclosures?_format=text/csv", TestCallers.header(auditor));
    assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
    return Arrays.stream(csv.body().split("\r\n"))
        .filter(line -> line.contains(",dl-analyst,user,export"))
        .toList();
  }

  private static void assertPatients(AuditRecord r, String... patients) {
    assertThat(r.patients()).containsExactlyInAnyOrder(patients);
  }

  private static String path(String url) {
    return URI.create(url).getPath().substring("/fhir".length());
  }
}
