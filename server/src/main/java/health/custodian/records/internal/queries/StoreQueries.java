package health.custodian.records.internal.queries;

import health.custodian.records.RecordQueries;
import health.custodian.records.internal.search.PatientEverything;
import health.custodian.records.internal.search.SearchService;
import health.custodian.records.internal.storage.HistoryPage;
import health.custodian.records.internal.storage.RecordReader;
import health.custodian.records.internal.storage.StoredVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** {@link RecordQueries} over the store's reader and search. */
@Service
class StoreQueries implements RecordQueries {

  private final RecordReader reader;
  private final SearchService search;
  private final PatientEverything everything;

  StoreQueries(RecordReader reader, SearchService search, PatientEverything everything) {
    this.reader = reader;
    this.search = search;
    this.everything = everything;
  }

  @Override
  public Optional<String> read(String type, String id) {
    return reader.find(type, id).map(StoredVersion::body);
  }

  @Override
  public Page search(
      String type, Map<String, List<String>> parameters, int count, @Nullable String pageToken) {
    SearchService.SearchPage page =
        search.search(new SearchService.SearchRequest(type, parameters, count, pageToken, false));
    return new Page(bodies(page.pks()), page.total(), page.nextPageToken());
  }

  @Override
  public List<String> everything(String patientId, int max) {
    List<String> out = new ArrayList<>();
    String token = null;
    do {
      SearchService.SearchPage page =
          everything.page(
              new PatientEverything.Query(
                  patientId, List.of(), null, true, Math.min(1000, max - out.size()), token));
      out.addAll(bodies(page.pks()));
      token = page.nextPageToken();
    } while (token != null && out.size() < max);
    return out;
  }

  @Override
  public List<Version> history(String type, String id, int max) {
    HistoryPage page = reader.history(type, id, null, null, max, null);
    return page.versions().stream()
        .map(v -> new Version(v.version(), v.lastUpdated(), v.method(), v.body()))
        .toList();
  }

  private List<String> bodies(List<Long> pks) {
    return reader.currentByPks(pks).stream()
        .map(StoredVersion::body)
        .filter(Objects::nonNull)
        .toList();
  }
}
