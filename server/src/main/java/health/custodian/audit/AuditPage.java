package health.custodian.audit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of audit entries, newest first.
 *
 * @param nextBefore pass as {@link AuditCriteria#before()} for the next page; null on the last
 */
public record AuditPage(List<AuditEntry> entries, @Nullable Long nextBefore) {

  public AuditPage {
    entries = List.copyOf(entries);
  }
}
