package health.custodian.audit.internal.report;

import health.custodian.access.Interaction;
import health.custodian.audit.AuditCriteria;
import health.custodian.audit.AuditEntry;
import health.custodian.audit.AuditPage;
import health.custodian.audit.AuditQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * {@link AuditQueries} over the same SQL ({@link AuditQuery}) and the same authorisation and audit
 * ({@link ReportAccess}) as {@code GET /fhir/AuditEvent}.
 */
@Service
class AuditQueriesService implements AuditQueries {

  private final AuditQuery query;
  private final ReportAccess access;

  AuditQueriesService(AuditQuery query, ReportAccess access) {
    this.query = query;
    this.access = access;
  }

  @Override
  public boolean permitted() {
    return access.permitted(Interaction.SEARCH);
  }

  @Override
  public AuditPage search(AuditCriteria c) {
    String q = queryString(c);
    ReportAccess.Grant grant = access.authorize(Interaction.SEARCH, "search-type", q);
    List<EventView> found = query.search(internal(c, c.count(), c.before(), grant.patients()));
    boolean more = found.size() > c.count();
    List<EventView> page = more ? found.subList(0, c.count()) : found;
    access.audited(grant, "search-type", List.of(), patients(c), q);
    return new AuditPage(
        page.stream().map(AuditQueriesService::entry).toList(),
        more ? page.get(page.size() - 1).seq() : null);
  }

  @Override
  public List<AuditEntry> all(AuditCriteria c, int max, boolean export) {
    int limit = Math.max(1, Math.min(max, MAX));
    String subtype = export ? "export" : "search-type";
    String q = queryString(c);
    ReportAccess.Grant grant = access.authorize(Interaction.SEARCH, subtype, q);
    List<AuditEntry> out = new ArrayList<>();
    @Nullable Long before = c.before();
    while (out.size() < limit) {
      int count = Math.min(1000, limit - out.size());
      List<EventView> found = query.search(internal(c, count, before, grant.patients()));
      found.stream().limit(count).map(AuditQueriesService::entry).forEach(out::add);
      if (found.size() <= count) {
        break;
      }
      before = found.get(count - 1).seq();
    }
    // An export of the audit log is not a disclosure of the patients it names (compliance work is
    // health care operations, 45 CFR 164.501): the patient filter stays in the query only.
    access.audited(grant, subtype, List.of(), export ? Set.of() : patients(c), q);
    return out;
  }

  private static SearchCriteria internal(
      AuditCriteria c, int count, @Nullable Long before, @Nullable Set<String> allowed) {
    return new SearchCriteria(
        c.patient() == null ? List.of() : List.of(c.patient()),
        c.user() == null ? List.of() : List.of(c.user()),
        c.action() == null ? List.of() : List.of(c.action().toUpperCase(Locale.ROOT)),
        c.outcome() == null ? List.of() : List.of(c.outcome()),
        c.subtype() == null ? List.of() : List.of(c.subtype()),
        c.from(),
        c.to(),
        count,
        before,
        allowed);
  }

  private static Set<String> patients(AuditCriteria c) {
    return c.patient() == null ? Set.of() : Set.of(c.patient());
  }

  /** The criteria in the AuditEvent search's own syntax, for the audit record of this read. */
  static String queryString(AuditCriteria c) {
    StringJoiner q = new StringJoiner("&");
    add(q, "agent", c.user());
    add(q, "patient", c.patient());
    add(q, "action", c.action());
    add(q, "outcome", c.outcome() == null ? null : c.outcome().toString());
    add(q, "subtype", c.subtype());
    add(q, "date", c.from() == null ? null : "ge" + c.from());
    add(q, "date", c.to() == null ? null : "lt" + c.to());
    add(q, "_before", c.before() == null ? null : c.before().toString());
    return q.toString();
  }

  private static void add(StringJoiner q, String name, @Nullable String value) {
    if (value != null && !value.isBlank()) {
      q.add(name + "=" + value);
    }
  }

  private static AuditEntry entry(EventView e) {
    return new AuditEntry(
        e.seq(),
        e.recorded(),
        kind(e.agentKind()),
        e.agentId(),
        String.valueOf(e.action()),
        e.subtype(),
        e.outcome(),
        e.detail(),
        e.entities(),
        e.patients(),
        e.address(),
        e.emergency(),
        e.breakGlass());
  }

  private static String kind(char k) {
    return switch (k) {
      case 'U' -> "user";
      case 'C' -> "client";
      case 'S' -> "system";
      default -> "anonymous";
    };
  }
}
