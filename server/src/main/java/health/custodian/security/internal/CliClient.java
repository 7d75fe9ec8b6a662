package health.custodian.security.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import health.custodian.platform.DataFolder;
import health.custodian.security.UserAdministration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The command line's own OAuth client: at every start of a web server, a fresh secret is registered
 * and written to {@code <data>/secrets/cli.json} (0600), so that {@code custodian import}, {@code
 * users} and {@code token} can authenticate to the server running on the folder, and only users who
 * can read the data folder can.
 */
// With an external provider the built-in token endpoint is off, so the client would be useless.
@Component
@ConditionalOnBooleanProperty(
    name = ExternalProviderProperties.ENABLED,
    havingValue = false,
    matchIfMissing = true)
class CliClient {

  private final ClientRegistry clients;
  private final DataFolder folder;

  CliClient(ClientRegistry clients, DataFolder folder) {
    this.clients = clients;
    this.folder = folder;
  }

  static Path file(DataFolder folder) {
    return folder.dataDir().resolve("secrets").resolve("cli.json");
  }

  /**
   * On the web server's start, before the application is ready and {@code server.json} announces
   * it: a command that finds the marker always finds the matching secret.
   */
  @EventListener
  void onWebServer(WebServerInitializedEvent event) {
    if (event.getApplicationContext().getServerNamespace() != null) {
      return;
    }
    ClientRegistry.Credentials credentials =
        clients.save(
            UserAdministration.CLI_CLIENT_ID,
            UserAdministration.CLI_CLIENT_ID,
            "Custodian command line",
            UserAdministration.CLI_SCOPES,
            Clearances.ALL,
            null);
    ObjectMapper json = new ObjectMapper();
    try {
      SecretFiles.write(
          file(folder),
          json.writeValueAsString(
              json.createObjectNode()
                  .put("client_id", credentials.clientId())
                  .put("client_secret", credentials.clientSecret())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file(folder), e);
    }
  }
}
