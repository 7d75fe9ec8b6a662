package health.custodian.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import health.custodian.security.UserAdministration.ClientCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code custodian clients add NAME --scopes "..."}: OAuth clients. */
@Command(
    name = "clients",
    description = "Manage OAuth clients (SMART apps and backend services).",
    subcommands = {ClientsCommand.Add.class})
final class ClientsCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("Usage: custodian clients add NAME --scopes \"...\"");
    return 2;
  }

  @Command(
      name = "add",
      description = {
        "Register a client and print {\"client_id\":..,\"client_secret\":..} as JSON.",
        "Without --redirect-uri: a backend service (client credentials). With it: an app"
            + " (authorization code with PKCE, refresh tokens)."
      })
  static final class Add implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "data", description = "Data folder (default ./data).")
    Path data = Path.of("data");

    @Option(
        names = "--scopes",
        required = true,
        description = "Space-separated scopes the client may ask for, e.g. \"system/*.rs\".")
    String scopes = "";

    @Option(names = "--redirect-uri", description = "Redirect URI of a user-facing app.")
    @Nullable String redirectUri;

    @Option(
        names = "--jwks-url",
        description =
            "URL of the backend service's public keys: it then authenticates with signed JWT"
                + " assertions (private_key_jwt, RS384) and gets no secret.")
    @Nullable String jwksUrl;

    @Parameters(index = "0", paramLabel = "NAME")
    String name = "";

    @Override
    public Integer call() throws IOException {
      List<String> list = List.of(scopes.trim().split("\\s+"));
      ObjectMapper json = new ObjectMapper();
      String keys = jwksUrl;
      if (keys != null) {
        String id;
        try (AdminAccess admin = AdminAccess.open(data)) {
          id = admin.addKeyClient(name, list, keys);
        }
        System.out.println(json.writeValueAsString(json.createObjectNode().put("client_id", id)));
        return 0;
      }
      ClientCredentials c;
      try (AdminAccess admin = AdminAccess.open(data)) {
        c = admin.addClient(name, list, redirectUri);
      }
      System.out.println(
          json.writeValueAsString(
              json.createObjectNode()
                  .put("client_id", c.clientId())
                  .put("client_secret", c.clientSecret())));
      return 0;
    }
  }
}
