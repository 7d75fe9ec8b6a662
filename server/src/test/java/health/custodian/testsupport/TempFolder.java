package health.custodian.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A temporary folder for what a test class's Spring context writes (a data folder, bulk folders),
 * registered as {@code @RegisterExtension static final TempFolder FOLDER = new
 * TempFolder("custodian-...-");} and removed with its content when the test run ends.
 *
 * <p>Created when the class is initialised, so that a {@code @DynamicPropertySource} can name it
 * whatever the test instance lifecycle: a {@code PER_CLASS} instance, and with it the context, is
 * created before any {@code beforeAll} callback (where {@code @TempDir} sets static fields).
 * Removed at the end of the run rather than of the class: a base class's folder serves all its
 * subclasses, and by then every context that wrote into it has closed ({@link IntegrationTest}
 * closes each after its class). JUnit closes the {@link AutoCloseable} values of the root context's
 * store when the run ends (JUnit User Guide, "Keeping State in Extensions"). A class that is
 * initialised but never run (a run of a subset of the tests can initialise other classes) gets no
 * {@code beforeAll}: a shutdown hook removes its folder when the test JVM exits.
 */
public final class TempFolder implements BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TempFolder.class);

  private final Path path;

  public TempFolder(String prefix) {
    try {
      this.path = Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    delete(path);
                  } catch (IOException | UncheckedIOException e) {
                    // the build's check on the test JVM's temporary directory names what is left
                  }
                }));
  }

  public Path path() {
    return path;
  }

  /** A subfolder, created. */
  public Path folder(String name) {
    try {
      return Files.createDirectories(path.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(NAMESPACE).computeIfAbsent(path, Removal::new, Removal.class);
  }

  /** Deletes the folder at the end of the run. */
  private record Removal(Path path) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      delete(path);
    }
  }

  /** Deletes the folder and everything in it, if it is still there. */
  private static void delete(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    List<Path> deepestFirst;
    try (Stream<Path> walk = Files.walk(path)) {
      deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : deepestFirst) {
      Files.deleteIfExists(p);
    }
  }
}
