package health.custodian.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code custodian audit ...}: audit log tools. */
@Command(
    name = "audit",
    description = "Audit log tools.",
    subcommands = {AuditVerifyCommand.class})
final class AuditCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("Usage: custodian audit verify [--data DIR]");
    return 2;
  }
}
