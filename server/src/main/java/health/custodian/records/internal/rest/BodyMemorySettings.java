package health.custodian.records.internal.rest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The memory budget that request bodies are admitted against ({@code custodian.fhir.body-memory.*},
 * {@link BodyAdmission}).
 *
 * @param heapShare share of the JVM's maximum heap ({@code -Xmx}) that bodies in flight may take
 *     together, used when {@code budget} is zero
 * @param budget the budget in bytes, overriding {@code heapShare} when above zero
 * @param bytesPerBodyByte heap a request holds per byte of its body while it is processed: a 50 MB
 *     Synthea transaction Bundle holds its bytes, a Jackson tree of 3.6 times their size, the
 *     stored texts, index rows and the response (docs/benchmarks.md, issue #2, 2026-11-27)
 * @param maxWait how long a request waits for its share before it is answered 503
 * @param retryAfter the {@code Retry-After} of that 503 (RFC 9110 §10.2.3)
 */
@ConfigurationProperties("custodian.fhir.body-memory")
record BodyMemorySettings(
    @DefaultValue("0.5") double heapShare,
    @DefaultValue("0B") DataSize budget,
    @DefaultValue("6") int bytesPerBodyByte,
    @DefaultValue("30s") Duration maxWait,
    @DefaultValue("10s") Duration retryAfter) {

  BodyMemorySettings {
    if (heapShare <= 0 || heapShare > 1) {
      throw new IllegalArgumentException("custodian.fhir.body-memory.heap-share must be in (0, 1]");
    }
    if (bytesPerBodyByte < 1) {
      throw new IllegalArgumentException(
          "custodian.fhir.body-memory.bytes-per-body-byte must be at least 1");
    }
  }

  /** The budget in bytes for a JVM whose maximum heap is {@code maxHeap}. */
  long budgetBytes(long maxHeap) {
    return budget.toBytes() > 0 ? budget.toBytes() : (long) (heapShare * maxHeap);
  }
}
