package health.custodian.records.internal.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirOperation;
import health.custodian.records.internal.json.FhirJson;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code POST /fhir/$reindex} starts a background reindex (custom SearchParameter resources become
 * searchable when it is done) and answers 202 with the job's progress; {@code GET
 * /fhir/$reindex-status} reports the progress of the latest job. Both answer a Parameters resource:
 * {@code job}, {@code status} (running, done, failed), {@code processed}, {@code lastPk}, {@code
 * maxPk}, {@code started}, {@code finished}.
 */
@Configuration(proxyBeanMethods = false)
class ReindexOperations {

  @Bean
  FhirOperation reindexOperation(SearchReindexer reindexer) {
    return new Operation("reindex", true, reindexer);
  }

  @Bean
  FhirOperation reindexStatusOperation(SearchReindexer reindexer) {
    return new Operation("reindex-status", false, reindexer);
  }

  private record Operation(String name, boolean affectsState, SearchReindexer reindexer)
      implements FhirOperation {

    @Override
    public Set<Level> levels() {
      return Set.of(Level.SYSTEM);
    }

    @Override
    public String definition() {
      return "https://custodian.health/fhir/OperationDefinition/" + name;
    }

    @Override
    public Result invoke(Request request) {
      if (affectsState) {
        return new Result(202, parameters(reindexer.start()));
      }
      return new Result(200, parameters(reindexer.latest()));
    }
  }

  static ObjectNode parameters(SearchReindexer.@Nullable Status s) {
    ObjectNode p = FhirJson.nodes().objectNode();
    p.put("resourceType", "Parameters");
    ArrayNode params = p.putArray("parameter");
    if (s == null) {
      params.addObject().put("name", "status").put("valueCode", "none");
      return p;
    }
    params.addObject().put("name", "job").put("valueString", Long.toString(s.id()));
    params.addObject().put("name", "status").put("valueCode", s.status());
    params.addObject().put("name", "processed").put("valueDecimal", s.processed());
    params.addObject().put("name", "lastPk").put("valueDecimal", s.lastPk());
    params.addObject().put("name", "maxPk").put("valueDecimal", s.maxPk());
    params.addObject().put("name", "started").put("valueInstant", s.started().toString());
    if (s.finished() != null) {
      params.addObject().put("name", "finished").put("valueInstant", s.finished().toString());
    }
    return p;
  }
}
