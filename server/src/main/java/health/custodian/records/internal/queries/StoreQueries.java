package health.custodian.records.internal.queries;

import health.custodian.records.FhirException;
import health.custodian.records.RecordQueries;
import health.custodian.records.internal.access.Gateway;
import health.custodian.records.internal.search.PatientEverything;
import health.custodian.records.internal.search.SearchService;
import health.custodian.records.internal.storage.StoredVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * {@link RecordQueries} through the {@link Gateway}: the current caller's rules apply and every
 * call is audited exactly like the FHIR interaction it stands for.
 */
@Service
class StoreQueries implements RecordQueries {

  private final Gateway gateway;

  StoreQueries(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public Optional<String> read(String type, String id) {
    try {
      return Optional.ofNullable(gateway.read(type, id).body());
    } catch (FhirException e) {
      // 404 (unknown or not visible: the same answer) and 410 (deleted) mean "nothing to show".
      if (e.status() == 404 || e.status() == 410) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Page search(
      String type, Map<String, List<String>> parameters, int count, @Nullable String pageToken) {
    Gateway.Found found =
        gateway.search(
            new SearchService.SearchRequest(type, parameters, count, pageToken, false),
            Map.of(),
            null);
    return new Page(bodies(found.versions()), found.page().total(), found.page().nextPageToken());
  }

  @Override
  public List<String> everything(String patientId, int max) {
    List<String> out = new ArrayList<>();
    String token = null;
    do {
      Gateway.Found found =
          gateway.everything(
              new PatientEverything.Query(
                  patientId, List.of(), null, true, Math.min(1000, max - out.size()), token));
      out.addAll(bodies(found.versions()));
      token = found.page().nextPageToken();
    } while (token != null && out.size() < max);
    return out;
  }

  @Override
  public List<Version> history(String type, String id, int max) {
    try {
      return gateway.history(type, id, null, null, max, null).versions().stream()
          .map(v -> new Version(v.version(), v.lastUpdated(), v.method(), v.body()))
          .toList();
    } catch (FhirException e) {
      if (e.status() == 404) {
        return List.of();
      }
      throw e;
    }
  }

  private static List<String> bodies(List<StoredVersion> versions) {
    return versions.stream().map(StoredVersion::body).filter(Objects::nonNull).toList();
  }
}
