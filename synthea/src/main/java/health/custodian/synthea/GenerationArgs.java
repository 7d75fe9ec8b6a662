package health.custodian.synthea;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What to generate.
 *
 * @param patients population size (living patients; Synthea adds the deceased on top)
 * @param seed seed for people and clinicians alike, so a run can be repeated exactly
 * @param out output folder; FHIR bundles land in {@code out/fhir}
 * @param state US state to populate
 * @param referenceDate the "today" of the simulation, fixed so that output does not drift
 */
record GenerationArgs(int patients, long seed, Path out, String state, LocalDate referenceDate) {

  static final String USAGE =
      "Usage: GeneratePopulation --patients N --seed S --out DIR [--state Massachusetts]"
          + " [--reference-date 2025-01-01]";

  long referenceTimeMillis() {
    return referenceDate.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  static GenerationArgs parse(String... args) {
    Integer patients = null;
    Long seed = null;
    Path out = null;
    String state = "Massachusetts";
    LocalDate referenceDate = LocalDate.of(2025, 1, 1);
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + name);
      }
      String value = args[++i];
      switch (name) {
        case "--patients" -> patients = Integer.parseInt(value);
        case "--seed" -> seed = Long.parseLong(value);
        case "--out" -> out = Path.of(value);
        case "--state" -> state = value;
        case "--reference-date" -> referenceDate = LocalDate.parse(value);
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    if (patients == null || seed == null || out == null) {
      throw new IllegalArgumentException("--patients, --seed and --out are required");
    }
    if (patients < 1) {
      throw new IllegalArgumentException("--patients must be at least 1");
    }
    return new GenerationArgs(patients, seed, out, state, referenceDate);
  }
}
