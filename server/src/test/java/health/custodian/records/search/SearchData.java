package health.custodian.records.search;

import java.util.ArrayList;
import java.util.List;

/** Small fixtures: resources with fixed ids, written by one PUT transaction. */
final class SearchData {

  private SearchData() {}

  /** A transaction Bundle that PUTs each resource (JSON with single quotes) at Type/id. */
  static String transaction(String... resources) {
    List<String> entries = new ArrayList<>();
    for (String r : resources) {
      String json = r.replace('\'', '"');
      String type = field(json, "resourceType");
      String id = field(json, "id");
      entries.add(
          "{\"resource\":"
              + json
              + ",\"request\":{\"method\":\"PUT\",\"url\":\""
              + type
              + "/"
              + id
              + "\"}}");
    }
    return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + String.join(",", entries)
        + "]}";
  }

  private static String field(String json, String name) {
    int at = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
    return json.substring(at, json.indexOf('"', at));
  }

  static String observation(String id, String patient, String value, String date) {
    return "{'resourceType':'Observation','id':'"
        + id
        + "','status':'final','code':{'coding':[{'system':'http://loinc.org','code':'8867-4'}]},"
        + "'subject':{'reference':'Patient/"
        + patient
        + "'}"
        + (date == null ? "" : ",'effectiveDateTime':'" + date + "'")
        + (value == null
            ? ""
            : ",'valueQuantity':{'value':"
                + value
                + ",'unit':'/min','system':'http://unitsofmeasure.org','code':'/min'}")
        + "}";
  }
}
