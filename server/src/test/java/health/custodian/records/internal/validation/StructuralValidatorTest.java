package health.custodian.records.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The structural rules, as data: an input resource (JSON with single quotes for readability) and
 * the exact expressions of the errors expected, in order.
 */
class StructuralValidatorTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  record Case(String name, String json, List<String> errors) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case ok(String name, String json) {
    return new Case(name, json, List.of());
  }

  private static Case bad(String name, String json, String... errors) {
    return new Case(name, json, List.of(errors));
  }

  static Stream<Case> cases() {
    return Stream.of(
        ok(
            "valid patient",
            "{'resourceType':'Patient','id':'p-1.a','active':true,'gender':'female',"
                + "'name':[{'family':'Doe','given':['Jane','Q']}],'birthDate':'1980-02-29',"
                + "'deceasedBoolean':false,'multipleBirthInteger':2,"
                + "'text':{'status':'generated','div':'<div xmlns=\\'http://www.w3.org/1999/xhtml\\'>x</div>'},"
                + "'meta':{'lastUpdated':'2020-01-01T10:00:00.123Z'}}"),
        bad("missing resourceType", "{'id':'x'}", "resourceType"),
        bad("unknown resourceType", "{'resourceType':'Foo'}", "resourceType"),
        bad("abstract resourceType", "{'resourceType':'DomainResource'}", "resourceType"),
        bad("unknown element", "{'resourceType':'Patient','foo':1}", "Patient.foo"),
        bad(
            "unknown element deep in a choice",
            "{'resourceType':'Observation','status':'final','code':{'text':'x'},"
                + "'component':[{'code':{'text':'a'}},"
                + "{'code':{'text':'b'},'valueQuantity':{'value':1,'unit2':'mg'}}]}",
            "Observation.component[1].valueQuantity.unit2"),
        bad("boolean as string", "{'resourceType':'Patient','active':'true'}", "Patient.active"),
        bad(
            "U+0000 in a string (jsonb cannot store it)",
            "{'resourceType':'Patient','name':[{'family':'a\\u0000b'}]}",
            "Patient.name[0].family"),
        bad(
            "U+0000 in a code",
            "{'resourceType':'Patient','meta':{'tag':[{'code':'a\\u0000'}]}}",
            "Patient.meta.tag[0].code"),
        bad(
            "string as number",
            "{'resourceType':'Patient','name':[{'family':12}]}",
            "Patient.name[0].family"),
        bad(
            "decimal as string",
            "{'resourceType':'Observation','status':'final','code':{'text':'x'},"
                + "'valueQuantity':{'value':'5'}}",
            "Observation.valueQuantity.value"),
        bad(
            "impossible month",
            "{'resourceType':'Patient','birthDate':'1980-13-45'}",
            "Patient.birthDate"),
        bad(
            "impossible day",
            "{'resourceType':'Patient','birthDate':'2021-02-30'}",
            "Patient.birthDate"),
        bad(
            "impossible dateTime",
            "{'resourceType':'Patient','deceasedDateTime':'2019-02-29T10:00:00Z'}",
            "Patient.deceasedDateTime"),
        bad(
            "instant needs a time",
            "{'resourceType':'Patient','meta':{'lastUpdated':'2020-01-01'}}",
            "Patient.meta.lastUpdated"),
        bad(
            "required code binding",
            "{'resourceType':'Patient','gender':'bogus'}",
            "Patient.gender"),
        bad("code with spaces", "{'resourceType':'Patient','gender':' male'}", "Patient.gender"),
        bad(
            "missing required",
            "{'resourceType':'Observation'}",
            "Observation.status",
            "Observation.code"),
        bad(
            "array where single expected",
            "{'resourceType':'Patient','gender':['male']}",
            "Patient.gender"),
        bad(
            "single where array expected",
            "{'resourceType':'Patient','name':{'family':'Doe'}}",
            "Patient.name"),
        bad(
            "two choices",
            "{'resourceType':'Patient','deceasedBoolean':true,'deceasedDateTime':'2020'}",
            "Patient.deceasedDateTime"),
        bad(
            "unknown type in a choice",
            "{'resourceType':'Patient','extension':[{'url':'http://x.org/e','valueFoo':1}]}",
            "Patient.extension[0].valueFoo"),
        bad("bad id", "{'resourceType':'Patient','id':'a b'}", "Patient.id"),
        bad(
            "id too long",
            "{'resourceType':'Patient','id':'" + "a".repeat(65) + "'}",
            "Patient.id"),
        ok("id of 64", "{'resourceType':'Patient','id':'" + "a".repeat(64) + "'}"),
        bad(
            "bundle entry path",
            "{'resourceType':'Bundle','type':'transaction','entry':["
                + "{'resource':{'resourceType':'Patient'},'request':{'method':'POST','url':'Patient'}},"
                + "{'resource':{'resourceType':'Patient'},'request':{'method':'POST','url':'Patient'}},"
                + "{'resource':{'resourceType':'Patient','birthDate':'1980-13-45'},"
                + "'request':{'method':'POST','url':'Patient'}}]}",
            "Bundle.entry[2].resource.birthDate"),
        bad(
            "unknown resource in bundle",
            "{'resourceType':'Bundle','type':'collection','entry':[{'resource':{'resourceType':'Nope'}}]}",
            "Bundle.entry[0].resource.resourceType"),
        bad(
            "parameters resource",
            "{'resourceType':'Parameters','parameter':[{'name':'a','resource':"
                + "{'resourceType':'Patient','foo':true}}]}",
            "Parameters.parameter[0].resource.foo"),
        bad(
            "contained resource",
            "{'resourceType':'Patient','contained':[{'resourceType':'Practitioner','id':'pr',"
                + "'gender':'bogus'}]}",
            "Patient.contained[0].gender"),
        bad(
            "contained in contained (dom-2)",
            "{'resourceType':'Patient','contained':[{'resourceType':'Patient','id':'a',"
                + "'contained':[{'resourceType':'Patient','id':'b'}]}]}",
            "Patient.contained[0].contained"),
        ok(
            "primitive extension",
            "{'resourceType':'Patient','birthDate':'1980-01-01','_birthDate':{'extension':"
                + "[{'url':'http://hl7.org/fhir/StructureDefinition/patient-birthTime',"
                + "'valueDateTime':'1980-01-01T10:00:00Z'}]}}"),
        ok(
            "primitive extension without value",
            "{'resourceType':'Patient','_birthDate':{'id':'b1'}}"),
        ok(
            "null in a primitive array paired with _element",
            "{'resourceType':'Patient','name':[{'given':[null,'Q'],"
                + "'_given':[{'extension':[{'url':'http://x.org/e','valueString':'J'}]},null]}]}"),
        bad(
            "null in a primitive array without _element",
            "{'resourceType':'Patient','name':[{'given':[null,'Q']}]}",
            "Patient.name[0].given[0]"),
        bad(
            "_element array of other length",
            "{'resourceType':'Patient','name':[{'given':['J','Q'],'_given':[{'id':'x'}]}]}",
            "Patient.name[0]._given"),
        bad(
            "_element not an object",
            "{'resourceType':'Patient','_birthDate':'x'}",
            "Patient._birthDate"),
        bad(
            "_element with unknown content",
            "{'resourceType':'Patient','_birthDate':{'foo':1}}",
            "Patient._birthDate.foo"),
        bad("_element of a complex type", "{'resourceType':'Patient','_name':{}}", "Patient._name"),
        bad("empty string", "{'resourceType':'Patient','birthDate':''}", "Patient.birthDate"),
        bad(
            "empty object",
            "{'resourceType':'Patient','maritalStatus':{}}",
            "Patient.maritalStatus"),
        bad("empty array", "{'resourceType':'Patient','name':[]}", "Patient.name"),
        bad("null value", "{'resourceType':'Patient','active':null}", "Patient.active"),
        bad(
            "integer with fraction",
            "{'resourceType':'Patient','multipleBirthInteger':1.5}",
            "Patient.multipleBirthInteger"),
        bad(
            "integer out of 32 bits",
            "{'resourceType':'Patient','multipleBirthInteger':3000000000}",
            "Patient.multipleBirthInteger"),
        bad(
            "positiveInt zero",
            "{'resourceType':'MedicationRequest','status':'active','intent':'order',"
                + "'medicationCodeableConcept':{'text':'x'},'subject':{'reference':'Patient/1'},"
                + "'dosageInstruction':[{'timing':{'repeat':{'frequency':0}}}]}",
            "MedicationRequest.dosageInstruction[0].timing.repeat.frequency"),
        bad(
            "unsignedInt negative",
            "{'resourceType':'Patient','photo':[{'size':-1}]}",
            "Patient.photo[0].size"),
        bad(
            "extension without url",
            "{'resourceType':'Patient','extension':[{'valueString':'x'}]}",
            "Patient.extension[0].url"),
        bad(
            "extension with value and extensions",
            "{'resourceType':'Patient','extension':[{'url':'http://x.org/e','valueString':'x',"
                + "'extension':[{'url':'a','valueString':'y'}]}]}",
            "Patient.extension[0]"),
        bad(
            "uri with whitespace",
            "{'resourceType':'Patient','implicitRules':'http://x.org/a b'}",
            "Patient.implicitRules"),
        bad(
            "narrative not a div",
            "{'resourceType':'Patient','text':{'status':'generated','div':'<p>x</p>'}}",
            "Patient.text.div"),
        bad(
            "codeable concept required binding, system of the value set",
            "{'resourceType':'AllergyIntolerance','patient':{'reference':'Patient/1'},"
                + "'clinicalStatus':{'coding':[{'system':"
                + "'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical','code':'bogus'}]}}",
            "AllergyIntolerance.clinicalStatus"),
        ok(
            "codeable concept required binding, other system",
            "{'resourceType':'AllergyIntolerance','patient':{'reference':'Patient/1'},"
                + "'clinicalStatus':{'coding':[{'system':'http://x.org/cs','code':'bogus'}]}}"),
        ok(
            "codeable concept required binding, valid",
            "{'resourceType':'AllergyIntolerance','patient':{'reference':'Patient/1'},"
                + "'clinicalStatus':{'coding':[{'system':"
                + "'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical','code':'active'}]}}"),
        ok(
            "recursive backbone by content reference",
            "{'resourceType':'Questionnaire','status':'draft','item':[{'linkId':'1','type':'group',"
                + "'item':[{'linkId':'1.1','type':'string'}]}]}"),
        bad(
            "recursive backbone, missing required",
            "{'resourceType':'Questionnaire','status':'draft','item':[{'linkId':'1','type':'group',"
                + "'item':[{'type':'string'}]}]}",
            "Questionnaire.item[0].item[0].linkId"));
  }

  @Test
  void messagesShowAtMostSixtyCharactersOfTheValue() throws Exception {
    String longCode = "x".repeat(500);
    ObjectNode resource =
        (ObjectNode)
            MAPPER.readTree("{\"resourceType\":\"Patient\",\"gender\":\"" + longCode + "\"}");

    List<ValidationIssue> issues = SharedModel.VALIDATOR.validate(resource);

    assertThat(issues)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.message()).contains("x".repeat(60)).doesNotContain("x".repeat(61));
              assertThat(i.type()).isEqualTo("code-invalid");
            });
  }

  @Test
  void validResourcesReuseNoState() throws Exception {
    ObjectNode bad = (ObjectNode) MAPPER.readTree("{\"resourceType\":\"Patient\",\"foo\":1}");
    ObjectNode good = (ObjectNode) MAPPER.readTree("{\"resourceType\":\"Patient\"}");

    assertThat(SharedModel.VALIDATOR.validate(bad)).hasSize(1);
    assertThat(SharedModel.VALIDATOR.validate(good)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsExactlyTheExpectedErrors(Case c) throws Exception {
    ObjectNode resource = (ObjectNode) MAPPER.readTree(c.json().replace('\'', '"'));

    List<ValidationIssue> issues = SharedModel.VALIDATOR.validate(resource);

    assertThat(issues)
        .allSatisfy(i -> assertThat(i.severity()).isEqualTo(ValidationIssue.Severity.ERROR));
    assertThat(issues)
        .extracting(ValidationIssue::expression)
        .containsExactlyElementsOf(c.errors());
  }
}
