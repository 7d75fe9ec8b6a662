package health.custodian.records.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Extraction as data: a resource in, the index values of one parameter out, rendered as text (token
 * {@code system|code|text}, string {@code normalized/exact}, reference {@code Type/id}, date {@code
 * low/high}).
 */
class IndexExtractorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static IndexExtractor extractor;

  @BeforeAll
  static void load() {
    extractor = new IndexExtractor(new SearchParameterRegistry());
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // token: Identifier (with type), CodeableConcept codings + text, ContactPoint, code,
        // boolean
        Arguments.of(
            "{'resourceType':'Patient','identifier':[{'system':'urn:mrn','value':'12',"
                + "'type':{'text':'MRN','coding':[{'system':'http://v2','code':'MR'}]}}]}",
            "identifier",
            List.of("urn:mrn|12|mrn|http://v2|MR")),
        Arguments.of(
            "{'resourceType':'Observation','code':{'coding':[{'system':'http://loinc.org',"
                + "'code':'8867-4','display':'Heart rate'},{'code':'x'}],'text':'HR'}}",
            "code",
            List.of("http://loinc.org|8867-4|heart rate||", "|x|||", "||hr||")),
        Arguments.of(
            "{'resourceType':'Patient','telecom':[{'system':'email','value':'a@b.c'},"
                + "{'system':'phone','value':'555'}]}",
            "email",
            List.of("email|a@b.c|||")),
        Arguments.of(
            "{'resourceType':'Patient','gender':'female'}", "gender", List.of("|female|||")),
        Arguments.of("{'resourceType':'Patient','active':true}", "active", List.of("|true|||")),
        Arguments.of(
            "{'resourceType':'Patient','deceasedDateTime':'2020-01-01'}",
            "deceased",
            List.of("|true|||")),
        Arguments.of(
            "{'resourceType':'Patient','meta':{'tag':[{'system':'s','code':'t'}]}}",
            "_tag",
            List.of("s|t|||")),
        Arguments.of(
            "{'resourceType':'Patient','meta':{'profile':['http://a/P','http://a/Q']}}",
            "_profile",
            List.of("uri:http://a/P", "uri:http://a/Q")),
        Arguments.of(
            "{'resourceType':'Observation','valueQuantity':{'value':5.40,'unit':'mg',"
                + "'system':'http://unitsofmeasure.org','code':'mg'}}",
            "value-quantity",
            List.of("5.4 http://unitsofmeasure.org|mg|mg")),
        Arguments.of(
            "{'resourceType':'Observation','valueString':'5'}", "value-quantity", List.of()),
        // string: HumanName parts and text, accents and case folded
        Arguments.of(
            "{'resourceType':'Patient','name':[{'family':'Pérez','given':['José','M'],"
                + "'text':'José Pérez'}]}",
            "name",
            List.of("perez/Pérez", "jose/José", "m/M", "jose perez/José Pérez")),
        Arguments.of(
            "{'resourceType':'Patient','address':[{'line':['1 Main St'],'city':'Zürich',"
                + "'postalCode':'8000','country':'CH'}]}",
            "address",
            List.of("1 main st/1 Main St", "zurich/Zürich", "8000/8000", "ch/CH")),
        Arguments.of(
            "{'resourceType':'Patient','address':[{'city':'Zürich'}]}",
            "address-city",
            List.of("zurich/Zürich")),
        // reference: relative (version dropped), absolute kept, contained skipped, resolve() typed
        Arguments.of(
            "{'resourceType':'Observation','subject':{'reference':'Patient/1/_history/3'}}",
            "subject",
            List.of("Patient/1")),
        Arguments.of(
            "{'resourceType':'Observation','subject':{'reference':'http://x/fhir/Patient/1'}}",
            "patient",
            List.of("null/http://x/fhir/Patient/1")),
        Arguments.of(
            "{'resourceType':'Observation','subject':{'reference':'Group/1'}}",
            "patient",
            List.of()),
        Arguments.of(
            "{'resourceType':'Observation','subject':{'reference':'#c1'}}", "subject", List.of()),
        // date: precision ranges, periods (open end), instants with zones
        Arguments.of(
            "{'resourceType':'Patient','birthDate':'2013'}",
            "birthdate",
            List.of("2013-01-01T00:00:00Z/2014-01-01T00:00:00Z")),
        Arguments.of(
            "{'resourceType':'Observation','effectiveDateTime':'2013-03-14T10:00:00+02:00'}",
            "date",
            List.of("2013-03-14T08:00:00Z/2013-03-14T08:00:01Z")),
        Arguments.of(
            "{'resourceType':'Observation','effectivePeriod':{'start':'2013-03'}}",
            "date",
            List.of("2013-03-01T00:00:00Z/null")),
        Arguments.of(
            "{'resourceType':'Observation','effectiveInstant':'2013-03-14T10:00:00.12Z'}",
            "date",
            List.of("2013-03-14T10:00:00.120Z/2013-03-14T10:00:00.130Z")),
        Arguments.of(
            "{'resourceType':'Encounter','period':{'start':'2013-03-14','end':'2013-03-15'}}",
            "date",
            List.of("2013-03-14T00:00:00Z/2013-03-16T00:00:00Z")),
        Arguments.of(
            "{'resourceType':'Patient','birthDate':'not a date'}", "birthdate", List.of()));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("cases")
  void extracts(String json, String code, List<String> expected) throws Exception {
    ObjectNode resource = (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    IndexValues values = extractor.extract(resource.get("resourceType").asText(), resource);
    List<String> actual = new ArrayList<>();
    values.tokens().stream()
        .filter(t -> t.param().code().equals(code))
        .forEach(
            t ->
                actual.add(
                    join(t.system())
                        + "|"
                        + join(t.code())
                        + "|"
                        + join(t.text())
                        + "|"
                        + join(t.typeSystem())
                        + "|"
                        + join(t.typeCode())));
    values.strings().stream()
        .filter(s -> s.param().code().equals(code))
        .forEach(s -> actual.add(s.normalized() + "/" + s.exact()));
    values.references().stream()
        .filter(r -> r.param().code().equals(code))
        .forEach(r -> actual.add(r.targetType() + "/" + r.targetId()));
    values.uris().stream()
        .filter(u -> u.param().code().equals(code))
        .forEach(u -> actual.add("uri:" + u.value()));
    values.quantities().stream()
        .filter(q -> q.param().code().equals(code))
        .forEach(q -> actual.add(q.value() + " " + q.system() + "|" + q.code() + "|" + q.unit()));
    values.dates().stream()
        .filter(d -> d.param().code().equals(code))
        .forEach(d -> actual.add(d.low() + "/" + d.high()));
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static String join(Object o) {
    return o == null ? "" : o.toString();
  }
}
