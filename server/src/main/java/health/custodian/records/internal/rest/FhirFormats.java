package health.custodian.records.internal.rest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.StrictErrorHandler;
import health.custodian.records.FhirException;
import health.custodian.records.internal.json.FhirJson;
import java.io.StringReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Converts resources between the FHIR JSON and XML formats (R4 formats.html), and pretty-prints
 * JSON.
 *
 * <p>The {@link FhirContext} is built once: it scans the whole R4 model and takes seconds. Parsers
 * are cheap but not thread-safe, so each call creates its own.
 */
@Component
public final class FhirFormats {

  static final String INVALID_XML = "invalid-xml";

  private static final String FHIR_NAMESPACE = "http://hl7.org/fhir";
  private static final String XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml";

  private final FhirContext context;

  /**
   * Unknown elements and attributes, bad primitive values and the like are errors rather than
   * HAPI's default of logging and dropping them: a conversion that silently loses data would change
   * a clinical record.
   */
  private final IParserErrorHandler strict = new StrictErrorHandler();

  /**
   * Only used to check element namespaces; configured once (StAX factories are thread-safe once set
   * up) with DTDs and external entities off, as HAPI does.
   */
  private final XMLInputFactory xmlInput;

  public FhirFormats() {
    this.context = FhirContext.forR4();
    this.xmlInput = XMLInputFactory.newFactory();
    xmlInput.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    xmlInput.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
  }

  /** The shared R4 context, for callers that need HAPI themselves (do not change its options). */
  public FhirContext context() {
    return context;
  }

  /**
   * Converts a FHIR JSON resource to FHIR XML.
   *
   * @throws FhirException 400 {@code invalid-json} if the JSON is not a valid R4 resource
   */
  public String jsonToXml(String json, boolean pretty) {
    IBaseResource resource;
    try {
      resource = configure(context.newJsonParser()).parseResource(json);
    } catch (DataFormatException e) {
      throw FhirException.badRequest(
          FhirJson.INVALID_JSON, "Invalid FHIR JSON: " + e.getMessage(), null);
    }
    return configure(context.newXmlParser())
        .setPrettyPrint(pretty)
        .encodeResourceToString(resource);
  }

  /**
   * Converts a FHIR XML resource to compact FHIR JSON.
   *
   * @throws FhirException 400 {@code invalid-xml} if the XML is malformed, names an unknown
   *     resource type or contains elements or values that R4 does not define
   */
  public String xmlToJson(String xml) {
    requireFhirNamespaces(xml);
    IBaseResource resource;
    try {
      // HAPI's StAX factory has DTDs and external entities switched off (no XXE).
      resource = configure(context.newXmlParser()).parseResource(xml);
    } catch (DataFormatException e) {
      throw FhirException.badRequest(INVALID_XML, "Invalid FHIR XML: " + e.getMessage(), null);
    }
    return configure(context.newJsonParser())
        .setPrettyPrint(false)
        .encodeResourceToString(resource);
  }

  /**
   * R4 xml.html: "FHIR elements are always in the namespace http://hl7.org/fhir", and the narrative
   * {@code div} is XHTML. HAPI ignores element namespaces, so a foreign element would be read as if
   * it were FHIR; this pass rejects it. Well-formedness errors are left to HAPI, which reports them
   * with a position.
   */
  private void requireFhirNamespaces(String xml) {
    try {
      XMLStreamReader reader = xmlInput.createXMLStreamReader(new StringReader(xml));
      try {
        int xhtmlDepth = 0;
        boolean root = true;
        while (reader.hasNext()) {
          int event = reader.next();
          if (event == XMLStreamConstants.END_ELEMENT && xhtmlDepth > 0) {
            xhtmlDepth--;
          } else if (event == XMLStreamConstants.START_ELEMENT) {
            String namespace = reader.getNamespaceURI();
            if (xhtmlDepth > 0 || (!root && XHTML_NAMESPACE.equals(namespace))) {
              xhtmlDepth++;
              requireNamespace(XHTML_NAMESPACE, namespace, reader.getLocalName());
            } else {
              requireNamespace(FHIR_NAMESPACE, namespace, reader.getLocalName());
            }
            root = false;
          }
        }
      } finally {
        reader.close();
      }
    } catch (XMLStreamException e) {
      // Malformed XML: HAPI's parse, which runs next, gives the better message.
    }
  }

  private static void requireNamespace(String expected, @Nullable String actual, String element) {
    if (!expected.equals(actual)) {
      throw FhirException.badRequest(
          INVALID_XML,
          "Invalid FHIR XML: element '"
              + element
              + "' must be in the namespace "
              + expected
              + (actual == null || actual.isEmpty() ? "" : ", not " + actual),
          null);
    }
  }

  /**
   * Re-indents JSON via Jackson rather than HAPI, so that member order and decimal text (e.g.
   * {@code 1.50}) stay exactly as given and unknown content is not dropped.
   *
   * @throws FhirException 400 {@code invalid-json} if the text is not one well-formed JSON value
   */
  public String prettyJson(String json) {
    return FhirJson.writePretty(FhirJson.parse(json));
  }

  /**
   * Fidelity options, set per parser so the shared context keeps HAPI's defaults for other users: a
   * format conversion must not rewrite versioned references or Bundle entry ids.
   */
  private IParser configure(IParser parser) {
    return parser
        .setParserErrorHandler(strict)
        .setStripVersionsFromReferences(false)
        .setOverrideResourceIdWithBundleEntryFullUrl(false);
  }
}
