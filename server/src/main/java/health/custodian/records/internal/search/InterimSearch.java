package health.custodian.records.internal.search;

import health.custodian.records.FhirException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Interim placeholder: _id only. */
@Component
class InterimSearch implements SearchIndexer, SearchService {

  private final JdbcTemplate jdbc;

  InterimSearch(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void index(List<IndexedResource> resources) {}

  @Override
  public void remove(Collection<Long> pks) {}

  @Override
  public List<Long> match(String type, Map<String, List<String>> parameters, int limit) {
    if (parameters.size() != 1 || !parameters.containsKey("_id")) {
      throw new FhirException(400, "unsupported", "not-supported", "only _id");
    }
    return jdbc.queryForList(
        "select pk from resource where res_type = ? and res_id = ? and not deleted",
        Long.class,
        type,
        parameters.get("_id").get(0));
  }

  @Override
  public SearchPage search(SearchRequest request) {
    List<Long> pks =
        jdbc.queryForList(
            "select pk from resource where res_type = ? and not deleted order by pk limit ?",
            Long.class,
            request.resourceType(),
            request.count());
    return new SearchPage(pks, null, null, List.of());
  }
}
