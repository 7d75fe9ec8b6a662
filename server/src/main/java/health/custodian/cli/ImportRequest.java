package health.custodian.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * One HTTP request of an import and where its content came from.
 *
 * @param method POST or PUT
 * @param path path below the FHIR base: empty for a Bundle, {@code Type} or {@code Type/id}
 * @param body the JSON to send
 * @param file the file it was read from
 * @param location where in the file, for error reports (e.g. {@code bundle}, {@code lines 1-500})
 * @param resources how many resources it carries
 * @param oneByOne if this request fails, these are sent instead, so a bad part only rejects itself
 */
record ImportRequest(
    String method,
    String path,
    byte[] body,
    Path file,
    String location,
    int resources,
    List<ImportRequest> oneByOne) {

  ImportRequest {
    oneByOne = List.copyOf(oneByOne);
  }

  boolean isBundle() {
    return path.isEmpty();
  }
}
