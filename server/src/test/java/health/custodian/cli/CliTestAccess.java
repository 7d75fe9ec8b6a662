package health.custodian.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs {@code custodian} commands in this JVM for tests of other packages. */
public final class CliTestAccess {

  private CliTestAccess() {}

  public record Run(int status, String out, String err) {}

  /** Runs the command line with {@code stdin} as standard input, capturing its output. */
  public static synchronized Run run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream previousOut = System.out;
    PrintStream previousErr = System.err;
    InputStream previousIn = System.in;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      int status = new CommandLine(new CliCommands()).execute(args);
      return new Run(
          status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(previousOut);
      System.setErr(previousErr);
      System.setIn(previousIn);
    }
  }
}
