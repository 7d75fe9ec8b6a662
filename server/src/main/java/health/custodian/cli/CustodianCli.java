package health.custodian.cli;

import picocli.CommandLine;

/** Entry point of {@code ./custodian}: dispatches to the subcommands in {@code cli}. */
public final class CustodianCli {

  private CustodianCli() {}

  public static void main(String[] args) {
    int status =
        new CommandLine(new CliCommands())
            .setExecutionExceptionHandler(CustodianCli::reportFailure)
            .execute(args);
    if (status != 0 || !CliCommands.keepsRunning(args)) {
      System.exit(status);
    }
  }

  /**
   * One line instead of picocli's stack trace: Spring has already logged the details of a failed
   * startup, and the root cause is what the user can act on.
   */
  private static int reportFailure(
      Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    System.err.println("custodian " + command.getCommandName() + ": " + root);
    return 1;
  }
}
