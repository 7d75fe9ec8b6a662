package health.custodian.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The content of {@code <data-dir>/server.json}: which process serves this data folder and where,
 * so that CLI commands send their work through it instead of opening the database themselves.
 *
 * @param pid process id of the server
 * @param port HTTP port of the server
 * @param fhirBase base URL of the FHIR API, e.g. {@code http://localhost:8080/fhir}
 */
public record RunningServer(long pid, int port, String fhirBase) {

  public static RunningServer of(long pid, int port) {
    return new RunningServer(pid, port, "http://localhost:" + port + "/fhir");
  }

  /** The marker's content, or empty when there is none or it cannot be read (treated as absent). */
  public static Optional<RunningServer> read(Path marker) {
    if (!Files.isRegularFile(marker)) {
      return Optional.empty();
    }
    try {
      JsonNode node = new ObjectMapper().readTree(marker.toFile());
      if (!node.hasNonNull("pid") || !node.hasNonNull("port") || !node.hasNonNull("fhirBase")) {
        return Optional.empty();
      }
      return Optional.of(
          new RunningServer(
              node.get("pid").asLong(), node.get("port").asInt(), node.get("fhirBase").asText()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Writes the marker atomically, so that a reader never sees half a file. */
  public void write(Path marker) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode node = json.createObjectNode();
    node.put("pid", pid).put("port", port).put("fhirBase", fhirBase);
    Path parent = marker.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, "server", ".json.tmp");
    try {
      Files.write(tmp, json.writeValueAsBytes(node));
      Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** A marker left behind by a killed server names a process that no longer exists. */
  public boolean isAlive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
