package health.custodian.records.internal.storage;

import health.custodian.records.FhirException;
import health.custodian.records.internal.search.SqlCondition;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Reads: current versions, specific versions and history, straight from the stored JSON. */
@Component
public class RecordReader {

  private final ResourceRepository repository;
  private final HistoryRepository histories;

  RecordReader(ResourceRepository repository, HistoryRepository histories) {
    this.repository = repository;
    this.histories = histories;
  }

  /** The current version; 404 when unknown, 410 when deleted (R4 3.1.0.2 "read"). */
  public StoredVersion read(String type, String id) {
    StoredVersion v =
        repository
            .current(type, id)
            .orElseThrow(
                () ->
                    FhirException.notFound(
                        "not-found", "Resource " + type + "/" + id + " is not known"));
    if (v.deleted()) {
      throw new FhirException(
          410, "gone", "deleted", "Resource " + type + "/" + id + " has been deleted");
    }
    return v;
  }

  public Optional<StoredVersion> find(String type, String id) {
    return repository.current(type, id);
  }

  /** A specific version (R4 3.1.0.3 "vread"); 410 for a delete tombstone. */
  public StoredVersion vread(String type, String id, int version) {
    StoredVersion v =
        repository
            .version(type, id, version)
            .orElseThrow(
                () ->
                    FhirException.notFound(
                        "version-not-found",
                        "Version " + version + " of " + type + "/" + id + " is not known"));
    if (v.deleted()) {
      throw new FhirException(
          410, "gone", "deleted", "Version " + version + " of " + type + "/" + id + " is a delete");
    }
    return v;
  }

  /** Of these {@code Type/id} keys, those that are not current, non-deleted resources. */
  public Set<String> missing(Collection<String> typeSlashIds) {
    return repository.missing(typeSlashIds);
  }

  public List<StoredVersion> currentByPks(List<Long> pks) {
    return repository.currentByPks(pks);
  }

  /**
   * A page of history, newest first.
   *
   * @param pageAfter cursor from the previous page, or null for the first page
   */
  public HistoryPage history(
      @Nullable String type,
      @Nullable String id,
      @Nullable Instant since,
      @Nullable Instant at,
      int count,
      HistoryPage.@Nullable Cursor pageAfter) {
    return history(type, id, since, at, count, pageAfter, null);
  }

  /**
   * {@link #history} of only the resources that match {@code access}, a condition over {@code
   * resource r} from the records gateway; the total counts only those too.
   */
  public HistoryPage history(
      @Nullable String type,
      @Nullable String id,
      @Nullable Instant since,
      @Nullable Instant at,
      int count,
      HistoryPage.@Nullable Cursor pageAfter,
      @Nullable SqlCondition access) {
    Long pk = null;
    if (id != null && type != null) {
      pk =
          repository
              .pkOf(type, id)
              .orElseThrow(
                  () ->
                      FhirException.notFound(
                          "not-found", "Resource " + type + "/" + id + " is not known"));
    }
    long maxSeq = pageAfter != null ? pageAfter.maxSeq() : histories.maxSeq();
    HistoryRepository.HistoryCursor before =
        pageAfter == null
            ? null
            : new HistoryRepository.HistoryCursor(pageAfter.lastUpdated(), pageAfter.seq());
    HistoryRepository.HistoryQuery query =
        new HistoryRepository.HistoryQuery(type, pk, since, at, before, maxSeq, count + 1, access);
    List<HistoryRepository.HistoryRow> rows = histories.history(query);
    HistoryPage.Cursor next = null;
    if (rows.size() > count) {
      rows = rows.subList(0, count);
      HistoryRepository.HistoryRow last = rows.get(rows.size() - 1);
      next = new HistoryPage.Cursor(last.version().lastUpdated(), last.seq(), maxSeq);
    }
    Long total =
        pageAfter == null
            ? histories.countHistory(
                new HistoryRepository.HistoryQuery(type, pk, since, at, null, maxSeq, 0, access))
            : null;
    return new HistoryPage(
        rows.stream().map(HistoryRepository.HistoryRow::version).toList(), next, total);
  }
}
