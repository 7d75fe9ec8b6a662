package health.custodian.records.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.records.internal.search.SearchService.SearchPage;
import health.custodian.records.internal.search.SearchService.SearchRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Timings of chains, _has, composites, :in and full-text search on 11,000 resources (1,000 patients
 * with 10 observations each): each query must stay one fast statement.
 */
class SearchSemanticsThroughputTest {

  private static final int PATIENTS = 1000;
  private static SearchFixture db;

  @BeforeAll
  static void load() {
    db = new SearchFixture(new SearchParameterRegistry());
    String at = "2024-01-01T00:00:00Z";
    db.put(
        "{'resourceType':'ValueSet','id':'vs','url':'http://ex.org/vs/bp','status':'active',"
            + "'compose':{'include':[{'system':'http://loinc.org','concept':[{'code':'85354-9'}]}]}}",
        at);
    long start = System.nanoTime();
    for (int p = 0; p < PATIENTS; p += 100) {
      List<String> batch = new ArrayList<>();
      for (int i = p; i < p + 100; i++) {
        batch.add(
            "{'resourceType':'Patient','id':'p"
                + i
                + "','name':[{'family':'Fam"
                + i
                + "','given':['Given']}],'text':{'status':'generated','div':'<div>Patient "
                + (i == 42 ? "with rare zebra syndrome" : "in good health")
                + "</div>'}}");
        for (int o = 0; o < 10; o++) {
          String code = o == 0 ? "85354-9" : "code-" + o;
          int systolic = 100 + (i % 60);
          batch.add(
              "{'resourceType':'Observation','id':'o"
                  + i
                  + "-"
                  + o
                  + "','status':'final','subject':{'reference':'Patient/p"
                  + i
                  + "'},'code':{'coding':[{'system':'http://loinc.org','code':'"
                  + code
                  + "'}]},'component':[{'code':{'coding':[{'system':'http://loinc.org','code':'8480-6'}]},"
                  + "'valueQuantity':{'value':"
                  + systolic
                  + ",'system':'http://unitsofmeasure.org','code':'mm[Hg]'}},"
                  + "{'code':{'coding':[{'system':'http://loinc.org','code':'8462-4'}]},"
                  + "'valueQuantity':{'value':"
                  + (systolic - 40)
                  + ",'system':'http://unitsofmeasure.org','code':'mm[Hg]'}}],"
                  + "'valueQuantity':{'value':"
                  + (i + o)
                  + ",'system':'http://unitsofmeasure.org','code':'g'}}");
        }
      }
      db.putAll(batch, at);
    }
    System.out.printf(
        "semantics: loaded %d resources in %d ms%n",
        PATIENTS * 11, (System.nanoTime() - start) / 1_000_000);
    db.jdbc.execute("analyze");
  }

  @ParameterizedTest(name = "{0}?{1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "Observation; subject:Patient.name=fam42; 110",
        "Observation; subject.name=fam42; 110",
        "Observation; patient.name=given; 10000",
        "Patient; _has:Observation:patient:code=85354-9; 1000",
        "Patient; _has:Observation:patient:component-code-value-quantity=8480-6$gt158; 16",
        "Observation; component-code-value-quantity=8480-6$159; 160",
        "Observation; code:in=http://ex.org/vs/bp; 1000",
        "Observation; value-quantity=1.000|http://unitsofmeasure.org|kg; 9",
        "Observation; value-quantity=1000||g; 9",
        "Patient; _text=zebra; 1",
        "Patient; _content=zebra syndrome; 1",
      })
  void timings(String type, String query, int expected) {
    long[] micros = new long[21];
    SearchPage page = null;
    for (int i = 0; i < micros.length; i++) {
      long t = System.nanoTime();
      page = db.service.search(new SearchRequest(type, SearchFixture.query(query), 20, null, true));
      micros[i] = (System.nanoTime() - t) / 1000;
    }
    Arrays.sort(micros);
    System.out.printf("semantics: %-75s %6d us median%n", type + "?" + query, micros[10]);
    assertThat(page.total()).isEqualTo(expected);
  }
}
