package health.custodian.synthea;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.mitre.synthea.engine.Generator;
import org.mitre.synthea.export.Exporter;
import org.mitre.synthea.helpers.Config;

/**
 * Generates a reproducible Synthea population as FHIR R4 transaction bundles: one per patient plus
 * the hospital and practitioner bundles the patient bundles refer to.
 */
public final class GeneratePopulation {

  private GeneratePopulation() {}

  public static void main(String[] args) throws IOException {
    GenerationArgs options;
    try {
      options = GenerationArgs.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(GenerationArgs.USAGE);
      System.exit(2);
      return;
    }
    long start = System.nanoTime();
    generate(options);
    Path fhir = options.out().resolve("fhir");
    long[] filesAndBytes = filesAndBytes(fhir);
    System.out.printf(
        Locale.ROOT,
        "Generated %d patients (seed %d) in %.1f s: %d files, %.1f MB in %s%n",
        options.patients(),
        options.seed(),
        (System.nanoTime() - start) / 1e9,
        filesAndBytes[0],
        filesAndBytes[1] / 1e6,
        fhir);
    // Synthea leaves non-daemon threads behind.
    System.exit(0);
  }

  static void generate(GenerationArgs args) {
    configure(args);
    Generator.GeneratorOptions options = new Generator.GeneratorOptions();
    options.population = args.patients();
    options.seed = args.seed();
    options.clinicianSeed = args.seed();
    options.referenceTime = args.referenceTimeMillis();
    options.endTime = args.referenceTimeMillis();
    options.state = args.state();
    Exporter.ExporterRuntimeOptions exporter = new Exporter.ExporterRuntimeOptions();
    Generator generator = new Generator(options, exporter);
    try (GenerationProgress progress =
        new GenerationProgress(
            System.err,
            System.console() != null,
            args.patients(),
            () -> recorded(generator, "alive"),
            () -> recorded(generator, "dead"))) {
      generator.run();
    }
  }

  /** Synthea's own count of patients recorded so far ({@code Generator.stats}). */
  private static int recorded(Generator generator, String key) {
    // Set by the generator's constructor; read defensively all the same, from another thread.
    Map<String, AtomicInteger> stats = generator.stats;
    AtomicInteger count = stats == null ? null : stats.get(key);
    return count == null ? 0 : count.get();
  }

  /** Overrides synthea.properties (read from Synthea's jar); must precede building the options. */
  private static void configure(GenerationArgs args) {
    String base = args.out().toAbsolutePath().normalize() + "/";
    Config.set("exporter.baseDirectory", base);
    Config.set("exporter.use_uuid_filenames", "false");
    Config.set("exporter.subfolders_by_id_substring", "false");
    Config.set("exporter.pretty_print", "false");
    Config.set("exporter.years_of_history", "10");
    Config.set("exporter.metadata.export", "false");
    Config.set("exporter.fhir.export", "true");
    Config.set("exporter.fhir.transaction_bundle", "true");
    Config.set("exporter.fhir.bulk_data", "false");
    Config.set("exporter.fhir_stu3.export", "false");
    Config.set("exporter.fhir_dstu2.export", "false");
    Config.set("exporter.hospital.fhir.export", "true");
    Config.set("exporter.practitioner.fhir.export", "true");
    Config.set("exporter.groups.fhir.export", "false");
    Config.set("exporter.ccda.export", "false");
    Config.set("exporter.csv.export", "false");
    Config.set("exporter.text.export", "false");
    Config.set("exporter.json.export", "false");
    // Synthea logs every patient's name and age; keep terminals free of (even synthetic) records.
    Config.set("generate.log_patients.detail", "none");
  }

  private static long[] filesAndBytes(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return new long[] {0, 0};
    }
    long files = 0;
    long bytes = 0;
    try (Stream<Path> list = Files.list(folder)) {
      for (Path file : list.filter(Files::isRegularFile).toList()) {
        files++;
        bytes += Files.size(file);
      }
    }
    return new long[] {files, bytes};
  }
}
