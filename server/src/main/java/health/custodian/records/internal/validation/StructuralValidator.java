package health.custodian.records.internal.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Fast structural validation of every write against the base R4 specification, on Jackson trees.
 *
 * <p>Checks resource types, known elements and choice types, JSON shapes (arrays, primitives, the
 * {@code _name} siblings, no empty values), primitive formats, cardinality and required bindings to
 * core value sets. It does not evaluate FHIRPath invariants or profiles: that is {@link
 * FullValidator}'s job (about 1000 times slower).
 *
 * <p>Why the model is compiled in a background thread at startup rather than generated at build
 * time: loading the core StructureDefinitions and value sets through HAPI takes about 3 s (measured
 * on this project's 2-core machine), which fits inside the 10 s startup budget when done in
 * parallel with the rest of startup, and keeps a single source of truth (the HAPI jars already on
 * the classpath) with no generated file to keep in sync. A write that arrives before compilation is
 * done waits for it. The HAPI objects are dropped after compilation; only the compact model stays.
 */
@Component
public class StructuralValidator implements ResourceValidator {

  private static final Logger log = LoggerFactory.getLogger(StructuralValidator.class);

  private final CompletableFuture<FhirModel> model;

  public StructuralValidator() {
    this(startCompiling());
  }

  StructuralValidator(FhirModel model) {
    this(CompletableFuture.completedFuture(model));
  }

  private StructuralValidator(CompletableFuture<FhirModel> model) {
    this.model = model;
  }

  @Override
  public List<ValidationIssue> validate(ObjectNode resource) {
    List<ValidationIssue> issues = new ValidationRun(model()).run(resource);
    return issues.isEmpty() ? List.of() : List.copyOf(issues);
  }

  /**
   * Validates one JSON text of a resource of the given type without building its tree ({@link
   * StreamingRun}): the resource's facts when the text is a JSON object that {@link #validate}
   * would find no issue in, null when it has an issue or when only the tree can tell (the caller
   * then parses and validates it as usual). {@code references} gets the value of every {@code
   * reference} string property, in document order, also for a line that ends up null.
   */
  public @Nullable StreamedResource validLine(
      String type, byte[] json, Consumer<String> references) {
    return StreamingRun.run(model(), type, json, references);
  }

  private FhirModel model() {
    try {
      return model.join();
    } catch (CompletionException e) {
      throw new IllegalStateException(
          "the R4 validation model could not be compiled", e.getCause());
    }
  }

  /** Compiles the model from HAPI's bundled core definitions (used by tests and the benchmark). */
  static FhirModel compileModel() {
    long start = System.nanoTime();
    FhirModel compiled = ModelCompiler.compileCore();
    log.info(
        "Compiled the R4 validation model ({} resource types) in {} ms",
        compiled.resources().size(),
        (System.nanoTime() - start) / 1_000_000);
    return compiled;
  }

  private static CompletableFuture<FhirModel> startCompiling() {
    CompletableFuture<FhirModel> future = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                future.complete(compileModel());
              } catch (RuntimeException | Error e) {
                log.error("Compiling the R4 validation model failed", e);
                future.completeExceptionally(e);
              }
            },
            "fhir-model-compiler");
    thread.setDaemon(true);
    thread.start();
    return future;
  }
}
