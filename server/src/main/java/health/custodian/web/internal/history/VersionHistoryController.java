package health.custodian.web.internal.history;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.RecordQueries;
import health.custodian.web.internal.support.JsonTrees;
import health.custodian.web.internal.support.NotFound;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The version history of any resource, each version with what changed from the one before. */
@Controller("webVersionHistoryController")
class VersionHistoryController {

  static final int MAX_VERSIONS = 100;

  private final RecordQueries records;
  private final JsonTrees mapper;

  VersionHistoryController(RecordQueries records, JsonTrees mapper) {
    this.records = records;
    this.mapper = mapper;
  }

  record VersionView(
      int versionId,
      String lastUpdated,
      String method,
      boolean deleted,
      List<VersionDiff.Change> changes) {}

  @GetMapping("/resources/{type}/{id}/history")
  String history(@PathVariable String type, @PathVariable String id, Model model) {
    if (!type.matches("[A-Z][A-Za-z]{1,63}") || !id.matches("[A-Za-z0-9\\-.]{1,64}")) {
      throw new NotFound("resource");
    }
    List<RecordQueries.Version> versions = records.history(type, id, MAX_VERSIONS);
    if (versions.isEmpty()) {
      throw new NotFound("resource");
    }
    List<VersionView> views = new ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      RecordQueries.Version v = versions.get(i);
      RecordQueries.Version older = i + 1 < versions.size() ? versions.get(i + 1) : null;
      JsonNode now = tree(v.json());
      JsonNode before = older == null ? mapper.object() : tree(older.json());
      views.add(
          new VersionView(
              v.versionId(),
              v.lastUpdated().toString(),
              v.method(),
              v.json() == null,
              VersionDiff.between(before, now)));
    }
    model.addAttribute("type", type);
    model.addAttribute("id", id);
    model.addAttribute("versions", views);
    model.addAttribute("truncated", versions.size() == MAX_VERSIONS);
    return "web/history";
  }

  private JsonNode tree(@Nullable String json) {
    if (json == null) {
      return mapper.object();
    }
    return mapper.parse(json);
  }
}
