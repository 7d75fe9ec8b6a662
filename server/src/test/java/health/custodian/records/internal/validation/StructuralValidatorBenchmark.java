package health.custodian.records.internal.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Single-thread throughput of {@link StructuralValidator} on the official R4 examples (run by hand:
 * timing is not asserted anywhere). Prints the clinical mix typical of transaction writes, and all
 * examples.
 *
 * <pre>
 * ./mvnw -q -B -pl server test-compile -Dspotless.check.skip
 * java -cp server/target/test-classes:server/target/classes:$(cat cp.txt) \
 *   health.custodian.records.internal.validation.StructuralValidatorBenchmark
 * </pre>
 */
final class StructuralValidatorBenchmark {

  private static final Set<String> CLINICAL =
      Set.of(
          "Patient",
          "Encounter",
          "Observation",
          "Condition",
          "Procedure",
          "MedicationRequest",
          "Immunization",
          "AllergyIntolerance",
          "DiagnosticReport",
          "CarePlan",
          "Claim",
          "ExplanationOfBenefit",
          "Practitioner",
          "Organization");

  private StructuralValidatorBenchmark() {}

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    StructuralValidator validator = new StructuralValidator(StructuralValidator.compileModel());
    System.out.printf("model compiled in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    ObjectMapper mapper = new ObjectMapper();
    List<ObjectNode> all = new ArrayList<>();
    List<ObjectNode> clinical = new ArrayList<>();
    for (Map.Entry<String, String> e : ExampleArchive.read().entrySet()) {
      if (mapper.readTree(e.getValue()) instanceof ObjectNode node && node.has("resourceType")) {
        all.add(node);
        if (CLINICAL.contains(node.get("resourceType").asText())) {
          clinical.add(node);
        }
      }
    }
    measure("clinical mix", validator, clinical);
    measure("all examples", validator, all);
  }

  private static void measure(String name, StructuralValidator validator, List<ObjectNode> set) {
    long bytes = set.stream().mapToLong(n -> n.toString().length()).sum();
    int sink = 0;
    // CPU time of this thread, not wall time: the figure is per core even on a busy machine.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 8; round++) {
      long start = threads.getCurrentThreadCpuTime();
      int count = 0;
      while (threads.getCurrentThreadCpuTime() - start < 1_000_000_000L) {
        for (ObjectNode node : set) {
          sink += validator.validate(node).size();
          count++;
        }
      }
      double seconds = (threads.getCurrentThreadCpuTime() - start) / 1e9;
      System.out.printf(
          "%s: %d resources (avg %d chars), round %d: %.0f resources per CPU second%n",
          name, set.size(), bytes / Math.max(1, set.size()), round, count / seconds);
    }
    System.out.println("(issues seen: " + sink + ")");
  }
}
