package health.custodian.cli;

import picocli.CommandLine;

/** Entry point of {@code ./custodian}: dispatches to the subcommands in {@code cli}. */
public final class CustodianCli {

  private CustodianCli() {}

  public static void main(String[] args) {
    int status = new CommandLine(new CliCommands()).execute(args);
    if (status != 0 || !CliCommands.keepsRunning(args)) {
      System.exit(status);
    }
  }
}
