package health.custodian.records.internal.rest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.StrictErrorHandler;
import health.custodian.records.FhirException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/** Interim: JSON/XML conversion through HAPI (XML is never on the hot path). */
@Component
public class FhirFormats {

  private final FhirContext context = FhirContext.forR4Cached();

  public String jsonToXml(String json, boolean pretty) {
    IBaseResource r = context.newJsonParser().parseResource(json);
    return context.newXmlParser().setPrettyPrint(pretty).encodeResourceToString(r);
  }

  public String xmlToJson(String xml) {
    try {
      IBaseResource r =
          context.newXmlParser().setParserErrorHandler(new StrictErrorHandler()).parseResource(xml);
      return context.newJsonParser().encodeResourceToString(r);
    } catch (DataFormatException e) {
      throw FhirException.badRequest("invalid-xml", "Invalid FHIR XML: " + e.getMessage(), null);
    }
  }
}
