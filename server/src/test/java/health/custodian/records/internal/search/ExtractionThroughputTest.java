package health.custodian.records.internal.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.internal.search.SearchIndexer.IndexedResource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prints extraction and indexing throughput on a Synthea-like mix of Patient, Encounter, Condition
 * and Observation (1:4:2:13). A measurement for humans, not an assertion: timings on shared build
 * machines vary too much.
 */
class ExtractionThroughputTest {

  @Test
  void measures() {
    SearchParameterRegistry registry = new SearchParameterRegistry();
    // -Dsearch.throughput.count=50000 for a larger store
    List<IndexedResource> mix = mix(Integer.getInteger("search.throughput.count", 2_000));
    IndexExtractor extractor = new IndexExtractor(registry);

    long rows = 0;
    for (int round = 0; round < 3; round++) { // warm-up
      for (IndexedResource r : mix) {
        rows += extractor.extract(r.resourceType(), r.resource()).tokens().size();
      }
    }
    int passes = 5;
    long start = System.nanoTime();
    long values = 0;
    for (int round = 0; round < passes; round++) {
      for (IndexedResource r : mix) {
        IndexValues v = extractor.extract(r.resourceType(), r.resource());
        values +=
            v.tokens().size()
                + v.strings().size()
                + v.references().size()
                + v.dates().size()
                + v.uris().size()
                + v.quantities().size();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "extraction: %.0f resources/s, %.1f index values per resource (%d warm-up rows)%n",
        passes * mix.size() / seconds, (double) values / (passes * mix.size()), rows);

    SearchFixture db = new SearchFixture(registry);
    db.index(mix.subList(0, 100)); // warm-up, and registers parameter ids
    start = System.nanoTime();
    for (int i = 0; i < mix.size(); i += 500) {
      db.index(mix.subList(i, Math.min(mix.size(), i + 500)));
    }
    seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "indexing into PostgreSQL (extraction + delete + batch insert, 500 per call): %.0f resources/s%n",
        mix.size() / seconds);

    db.jdbc.batchUpdate(
        "insert into resource (pk, res_type, res_id, version, last_updated) values (?, ?, ?, 1, now())",
        mix.stream()
            .map(r -> new Object[] {r.pk(), r.resourceType(), r.resource().get("id").asText()})
            .toList());
    // Autovacuum would analyze the new rows soon; do it now so the plan is the steady-state one.
    db.jdbc.execute("analyze");
    // Search latency on that small store: token + reference + date, first page with total.
    java.util.Map<String, List<String>> query =
        SearchFixture.query("code=http://loinc.org|8867-4&patient=p5&date=ge2020-01-03");
    SearchService.SearchRequest request =
        new SearchService.SearchRequest("Observation", query, 20, null, true);
    for (int i = 0; i < 50; i++) {
      db.service.search(request);
    }
    start = System.nanoTime();
    int searches = 200;
    for (int i = 0; i < searches; i++) {
      db.service.search(request);
    }
    System.out.printf(
        "search (3 parameters, %d matches): %.2f ms each%n",
        db.service.search(request).total(), (System.nanoTime() - start) / 1e6 / searches);
  }

  static List<IndexedResource> mix(int count) {
    List<IndexedResource> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int kind = i % 20;
      String json;
      String type;
      if (kind == 0) {
        type = "Patient";
        json = patient(i);
      } else if (kind <= 4) {
        type = "Encounter";
        json = encounter(i);
      } else if (kind <= 6) {
        type = "Condition";
        json = condition(i);
      } else {
        type = "Observation";
        json = observation(i);
      }
      ObjectNode node = SearchFixture.parse(json);
      out.add(new IndexedResource(i + 1, type, node));
    }
    return out;
  }

  private static String patient(int i) {
    return ("{'resourceType':'Patient','id':'p%d','meta':{'lastUpdated':'2024-01-01T00:00:00Z',"
            + "'profile':['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient']},"
            + "'extension':[{'url':'http://hl7.org/fhir/StructureDefinition/patient-birthPlace',"
            + "'valueAddress':{'city':'Boston','state':'MA','country':'US'}}],"
            + "'identifier':[{'system':'https://github.com/synthetichealth/synthea','value':'id-%d'},"
            + "{'type':{'coding':[{'system':'http://terminology.hl7.org/CodeSystem/v2-0203','code':'MR'}],"
            + "'text':'Medical Record Number'},'system':'http://hospital.smarthealthit.org','value':'mr-%d'},"
            + "{'type':{'coding':[{'system':'http://terminology.hl7.org/CodeSystem/v2-0203','code':'SS'}]},"
            + "'system':'http://hl7.org/fhir/sid/us-ssn','value':'999-%d'}],"
            + "'name':[{'use':'official','family':'Gonzalès%d','given':['José','María'],'prefix':['Mr.']}],"
            + "'telecom':[{'system':'phone','value':'555-%d','use':'home'}],"
            + "'gender':'male','birthDate':'1970-0%d-1%d',"
            + "'address':[{'line':['%d Main Street'],'city':'Springfield','state':'MA',"
            + "'postalCode':'01101','country':'US'}],"
            + "'maritalStatus':{'coding':[{'system':'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus',"
            + "'code':'M','display':'Married'}],'text':'Married'},"
            + "'communication':[{'language':{'coding':[{'system':'urn:ietf:bcp:47','code':'es'}]}}]}")
        .formatted(i, i, i, i, i, i, 1 + i % 9, i % 10, i);
  }

  private static String encounter(int i) {
    return ("{'resourceType':'Encounter','id':'e%d','status':'finished',"
            + "'class':{'system':'http://terminology.hl7.org/CodeSystem/v3-ActCode','code':'AMB'},"
            + "'type':[{'coding':[{'system':'http://snomed.info/sct','code':'185349003',"
            + "'display':'Encounter for check up'}],'text':'Encounter for check up'}],"
            + "'subject':{'reference':'Patient/p%d','display':'Mr. José Gonzalès'},"
            + "'participant':[{'type':[{'coding':[{'system':'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',"
            + "'code':'PPRF'}]}],'period':{'start':'2020-01-0%dT10:00:00-05:00','end':'2020-01-0%dT10:30:00-05:00'},"
            + "'individual':{'reference':'Practitioner/dr%d'}}],"
            + "'period':{'start':'2020-01-0%dT10:00:00-05:00','end':'2020-01-0%dT10:30:00-05:00'},"
            + "'serviceProvider':{'reference':'Organization/o%d'},"
            + "'location':[{'location':{'reference':'Location/l%d'}}]}")
        .formatted(i, i / 20, 1 + i % 9, 1 + i % 9, i % 50, 1 + i % 9, 1 + i % 9, i % 7, i % 7);
  }

  private static String condition(int i) {
    return ("{'resourceType':'Condition','id':'c%d',"
            + "'clinicalStatus':{'coding':[{'system':'http://terminology.hl7.org/CodeSystem/condition-clinical',"
            + "'code':'active'}]},"
            + "'verificationStatus':{'coding':[{'system':'http://terminology.hl7.org/CodeSystem/condition-ver-status',"
            + "'code':'confirmed'}]},"
            + "'category':[{'coding':[{'system':'http://terminology.hl7.org/CodeSystem/condition-category',"
            + "'code':'encounter-diagnosis','display':'Encounter Diagnosis'}]}],"
            + "'code':{'coding':[{'system':'http://snomed.info/sct','code':'444814009',"
            + "'display':'Viral sinusitis (disorder)'}],'text':'Viral sinusitis (disorder)'},"
            + "'subject':{'reference':'Patient/p%d'},'encounter':{'reference':'Encounter/e%d'},"
            + "'onsetDateTime':'2020-01-0%dT10:00:00-05:00','recordedDate':'2020-01-0%dT10:00:00-05:00'}")
        .formatted(i, i / 20, i - 1, 1 + i % 9, 1 + i % 9);
  }

  private static String observation(int i) {
    return ("{'resourceType':'Observation','id':'o%d','status':'final',"
            + "'category':[{'coding':[{'system':'http://terminology.hl7.org/CodeSystem/observation-category',"
            + "'code':'vital-signs','display':'vital-signs'}]}],"
            + "'code':{'coding':[{'system':'http://loinc.org','code':'8867-4','display':'Heart rate'}],"
            + "'text':'Heart rate'},"
            + "'subject':{'reference':'Patient/p%d'},'encounter':{'reference':'Encounter/e%d'},"
            + "'effectiveDateTime':'2020-01-0%dT10:00:00-05:00','issued':'2020-01-0%dT10:00:00.123-05:00',"
            + "'valueQuantity':{'value':%d,'unit':'/min','system':'http://unitsofmeasure.org','code':'/min'}}")
        .formatted(i, i / 20, i - i % 20 + 1, 1 + i % 9, 1 + i % 9, 60 + i % 40);
  }
}
