package health.custodian.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code custodian token}: prints an access token of the command line's own client (full access,
 * for curl and benchmarks: {@code curl -H "Authorization: Bearer $(./custodian token)" ...}).
 */
@Command(name = "token", description = "Print an access token for the local command line client.")
final class TokenCommand implements Callable<Integer> {

  @Option(names = "--data", defaultValue = "data", description = "Data folder (default ./data).")
  Path data = Path.of("data");

  @Override
  public Integer call() {
    try (AdminAccess admin = AdminAccess.open(data)) {
      System.out.println(admin.token());
    }
    return 0;
  }
}
