package health.custodian.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The data folder ({@code --data DIR}, default {@code ./data}): the embedded database, the
 * running-server marker and, later, export files all live below it.
 */
@ConfigurationProperties("custodian")
public record DataFolder(@DefaultValue("data") Path dataDir) {

  public Path postgresDir() {
    return dataDir.resolve("pg");
  }

  /** Written while a server runs on this folder, so that CLI commands go through it. */
  public Path serverMarker() {
    return dataDir.resolve("server.json");
  }
}
