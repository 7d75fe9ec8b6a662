package health.custodian.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The root of the command line; each subcommand is its own class. */
@Command(
    name = "custodian",
    mixinStandardHelpOptions = true,
    description = "Custodian health information management platform.",
    subcommands = {
      ServeCommand.class,
      ImportCommand.class,
      BenchCommand.class,
      UsersCommand.class,
      ClientsCommand.class,
      TokenCommand.class,
      AuditCommand.class
    })
public final class CliCommands implements Callable<Integer> {

  /** Whether the JVM should stay alive after the command returns (the server keeps running). */
  public static boolean keepsRunning(String[] args) {
    return args.length > 0 && args[0].equals("serve");
  }

  @Override
  public Integer call() {
    System.err.println(
        "Usage: custodian serve|import|bench|users|clients|token|audit ... (custodian --help)");
    return 2;
  }
}
