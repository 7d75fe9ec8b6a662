package health.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportReaderTest {

  private final ObjectMapper json = new ObjectMapper();
  private final ImportReader reader = new ImportReader(json, 2);
  private final List<ImportRequest> sent = new ArrayList<>();
  private final List<ImportFailure> failed = new ArrayList<>();
  private final ImportSink sink =
      new ImportSink() {
        @Override
        public void send(ImportRequest request) {
          sent.add(request);
        }

        @Override
        public void fail(ImportFailure failure) {
          failed.add(failure);
        }
      };

  @TempDir Path dir;

  @Test
  void transactionBundlesAreSentByteForByte() throws Exception {
    String bundle =
        "{ \"resourceType\": \"Bundle\", \"type\": \"transaction\", \"entry\": [{}, {}] }";
    Path file = write("t.json", bundle);

    reader.read(file, sink);

    assertThat(sent)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.method()).isEqualTo("POST");
              assertThat(r.path()).isEmpty();
              assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(bundle);
              assertThat(r.resources()).isEqualTo(2);
              assertThat(r.location()).isEqualTo("transaction");
            });
  }

  @Test
  void collectionsBecomeTransactionsThatKeepIdsAndFullUrls() throws Exception {
    Path file =
        write(
            "c.json",
            """
            {"resourceType":"Bundle","type":"collection","entry":[
              {"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient","id":"p1"}},
              {"fullUrl":"urn:uuid:2","resource":{"resourceType":"Observation",
                "subject":{"reference":"urn:uuid:1"}}},
              {"fullUrl":"urn:uuid:3"}
            ]}""");

    reader.read(file, sink);

    JsonNode transaction = json.readTree(sent.get(0).body());
    assertThat(transaction.path("type").asText()).isEqualTo("transaction");
    JsonNode entries = transaction.path("entry");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).path("fullUrl").asText()).isEqualTo("urn:uuid:1");
    assertThat(entries.get(0).path("request").path("method").asText()).isEqualTo("PUT");
    assertThat(entries.get(0).path("request").path("url").asText()).isEqualTo("Patient/p1");
    assertThat(entries.get(1).path("request").path("method").asText()).isEqualTo("POST");
    assertThat(entries.get(1).path("request").path("url").asText()).isEqualTo("Observation");
    assertThat(entries.get(1).path("resource").path("subject").path("reference").asText())
        .isEqualTo("urn:uuid:1");
  }

  @Test
  void singleResourcesArePutWithTheirIdOrPostedWithout() throws Exception {
    reader.read(write("a.json", "{\"resourceType\":\"Patient\",\"id\":\"abc\"}"), sink);
    reader.read(write("b.json", "{\"resourceType\":\"Patient\"}"), sink);

    assertThat(sent)
        .extracting(ImportRequest::method, ImportRequest::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("PUT", "Patient/abc"),
            org.assertj.core.groups.Tuple.tuple("POST", "Patient"));
  }

  @Test
  void ndjsonLinesAreGroupedIntoTransactionsWithALineByLineFallback() throws Exception {
    Path file =
        write(
            "o.ndjson",
            """
            {"resourceType":"Observation","id":"o1"}

            {"resourceType":"Observation","id":"o2"}
            {"resourceType":"Observation"}
            """);

    reader.read(file, sink);

    assertThat(sent).extracting(ImportRequest::location).containsExactly("lines 1-3", "line 4");
    ImportRequest first = sent.get(0);
    assertThat(first.resources()).isEqualTo(2);
    JsonNode entries = json.readTree(first.body()).path("entry");
    assertThat(entries.get(1).path("request").path("url").asText()).isEqualTo("Observation/o2");
    assertThat(first.oneByOne())
        .extracting(ImportRequest::method, ImportRequest::path, ImportRequest::location)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("PUT", "Observation/o1", "line 1"),
            org.assertj.core.groups.Tuple.tuple("PUT", "Observation/o2", "line 3"));
    assertThat(sent.get(1).oneByOne())
        .singleElement()
        .extracting(ImportRequest::method, ImportRequest::path)
        .containsExactly("POST", "Observation");
    assertThat(failed).isEmpty();
  }

  @Test
  void unreadableLinesAreReportedByNumberWithoutTheirContent() throws Exception {
    Path file =
        write(
            "bad.ndjson",
            """
            {"resourceType":"Patient","id":"ok"}
            {"name": "Secret Person"
            {"name":"no type"}
            """);

    reader.read(file, sink);

    assertThat(failed).extracting(ImportFailure::location).containsExactly("line 2", "line 3");
    assertThat(failed).allSatisfy(f -> assertThat(f.describe()).doesNotContain("Secret"));
    assertThat(failed.get(0).describe()).startsWith(file + ": line 2: not sent: not valid JSON");
    assertThat(sent).singleElement().extracting(ImportRequest::resources).isEqualTo(1);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
