package health.custodian.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.custodian.testsupport.IntegrationTest;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the server through every interaction of the record-store issue with HAPI's generic client,
 * as an integration engineer's FHIR client would.
 */
class ConformanceTest extends IntegrationTest {

  private static final FhirContext CTX = FhirContext.forR4Cached();

  private IGenericClient client;

  @BeforeEach
  void client() {
    CTX.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    client = CTX.newRestfulGenericClient(fhirBase());
    client.registerInterceptor(new BearerTokenAuthInterceptor(bearerToken()));
  }

  private static Patient patient(String family) {
    Patient p = new Patient();
    p.addName().setFamily(family).addGiven("Ann");
    p.setGender(Enumerations.AdministrativeGender.FEMALE);
    p.addIdentifier().setSystem("urn:oid:1.2.36.146.595.217.0.1").setValue(family + "-mrn");
    return p;
  }

  @Test
  void capabilityStatementDescribesAnR4ServerWithTheInteractionsItSupports() {
    CapabilityStatement cs = client.capabilities().ofType(CapabilityStatement.class).execute();
    assertThat(cs.getFhirVersion().toCode()).isEqualTo("4.0.1");
    assertThat(cs.getFormat()).extracting(f -> f.getValue()).contains("json", "xml");
    CapabilityStatement.CapabilityStatementRestResourceComponent patient =
        cs.getRestFirstRep().getResource().stream()
            .filter(r -> r.getType().equals("Patient"))
            .findFirst()
            .orElseThrow();
    assertThat(patient.getInteraction())
        .extracting(i -> i.getCode().toCode())
        .contains("read", "vread", "update", "patch", "delete", "create", "history-instance");
    assertThat(patient.getConditionalCreate()).isTrue();
    assertThat(patient.getVersioning().toCode()).isEqualTo("versioned-update");
    assertThat(cs.getRestFirstRep().getInteraction())
        .extracting(i -> i.getCode().toCode())
        .contains("transaction", "batch", "history-system");
  }

  @Test
  void createThenReadAndVreadReturnTheStoredResourceWithServerMeta() {
    MethodOutcome created = client.create().resource(patient("Create")).execute();
    IdType id = (IdType) created.getId();
    assertThat(created.getCreated()).isTrue();
    assertThat(id.getVersionIdPart()).isEqualTo("1");

    Patient read = client.read().resource(Patient.class).withId(id.getIdPart()).execute();
    assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Create");
    assertThat(read.getMeta().getVersionId()).isEqualTo("1");
    assertThat(read.getMeta().getLastUpdated()).isCloseTo(new Date(), 60_000);

    Patient v1 =
        client.read().resource(Patient.class).withIdAndVersion(id.getIdPart(), "1").execute();
    assertThat(v1.getIdElement().getVersionIdPart()).isEqualTo("1");
  }

  @Test
  void updateCreatesANewVersionAndUpdateAsCreateKeepsTheClientId() {
    Patient p = patient("Upsert");
    p.setId("client-chosen-1");
    MethodOutcome first = client.update().resource(p).execute();
    assertThat(first.getCreated()).isTrue();
    assertThat(first.getId().getIdPart()).isEqualTo("client-chosen-1");

    p.setGender(Enumerations.AdministrativeGender.OTHER);
    MethodOutcome second = client.update().resource(p).execute();
    assertThat(second.getId().getVersionIdPart()).isEqualTo("2");
    Patient read = client.read().resource(Patient.class).withId("client-chosen-1").execute();
    assertThat(read.getGender()).isEqualTo(Enumerations.AdministrativeGender.OTHER);
  }

  @Test
  void jsonPatchChangesOnlyWhatThePatchSays() {
    IdType id = (IdType) client.create().resource(patient("Patched")).execute().getId();
    client
        .patch()
        .withBody("[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":\"male\"}]")
        .withId(id.toUnqualifiedVersionless())
        .execute();
    Patient read = client.read().resource(Patient.class).withId(id.getIdPart()).execute();
    assertThat(read.getGender()).isEqualTo(Enumerations.AdministrativeGender.MALE);
    assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Patched");
    assertThat(read.getMeta().getVersionId()).isEqualTo("2");
  }

  @Test
  void deleteLeavesATombstoneThatHistoryShows() {
    IdType id = (IdType) client.create().resource(patient("Deleted")).execute().getId();
    client.delete().resourceById(id.toUnqualifiedVersionless()).execute();
    assertThatThrownBy(() -> client.read().resource(Patient.class).withId(id.getIdPart()).execute())
        .isInstanceOf(ResourceGoneException.class);
    assertThatThrownBy(() -> client.read().resource(Patient.class).withId("never-was").execute())
        .isInstanceOf(ResourceNotFoundException.class);

    Bundle history =
        client
            .history()
            .onInstance(id.toUnqualifiedVersionless())
            .returnBundle(Bundle.class)
            .execute();
    assertThat(history.getEntry()).hasSize(2);
    assertThat(history.getEntry().get(0).getRequest().getMethod())
        .isEqualTo(Bundle.HTTPVerb.DELETE);
    assertThat(history.getEntry().get(0).hasResource()).isFalse();
    assertThat(history.getEntry().get(1).getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
  }

  @Test
  void typeAndSystemHistoryPageWithCountAndFilterWithSince() {
    Date before = new Date(System.currentTimeMillis() - 1000);
    for (int i = 0; i < 5; i++) {
      client.create().resource(patient("Hist" + i)).execute();
    }
    Bundle page =
        client
            .history()
            .onType(Patient.class)
            .returnBundle(Bundle.class)
            .since(before)
            .count(2)
            .execute();
    assertThat(page.getEntry()).hasSize(2);
    int seen = page.getEntry().size();
    java.util.Set<String> ids = new java.util.HashSet<>();
    page.getEntry().forEach(e -> ids.add(e.getFullUrl() + " " + e.getResponse().getEtag()));
    while (page.getLink(Bundle.LINK_NEXT) != null) {
      page = client.loadPage().next(page).execute();
      seen += page.getEntry().size();
      page.getEntry().forEach(e -> ids.add(e.getFullUrl() + " " + e.getResponse().getEtag()));
    }
    assertThat(seen).isGreaterThanOrEqualTo(5);
    assertThat(ids).hasSize(seen);

    Bundle system = client.history().onServer().returnBundle(Bundle.class).since(before).execute();
    assertThat(system.getEntry().size()).isGreaterThanOrEqualTo(5);
    Bundle future =
        client
            .history()
            .onServer()
            .returnBundle(Bundle.class)
            .since(new Date(System.currentTimeMillis() + 60_000))
            .execute();
    assertThat(future.getEntry()).isEmpty();
  }

  @Test
  void conditionalCreateReturnsTheExistingMatchInsteadOfCreatingAgain() {
    Patient p = patient("Conditional");
    String condition = "identifier=urn:oid:1.2.36.146.595.217.0.1|Conditional-mrn";
    MethodOutcome first =
        client.create().resource(p).conditionalByUrl("Patient?" + condition).execute();
    MethodOutcome second =
        client.create().resource(p).conditionalByUrl("Patient?" + condition).execute();
    assertThat(first.getCreated()).isTrue();
    assertThat(second.getCreated()).isNotEqualTo(Boolean.TRUE);
    assertThat(second.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
  }

  @Test
  void conditionalUpdateAndDeleteActOnTheSingleMatch() {
    Patient p = patient("CondUpd");
    String url = "Patient?identifier=urn:oid:1.2.36.146.595.217.0.1|CondUpd-mrn";
    MethodOutcome created = client.update().resource(p).conditionalByUrl(url).execute();
    assertThat(created.getCreated()).isTrue();
    p.setGender(Enumerations.AdministrativeGender.MALE);
    MethodOutcome updated = client.update().resource(p).conditionalByUrl(url).execute();
    assertThat(updated.getId().getIdPart()).isEqualTo(created.getId().getIdPart());
    assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");

    client.delete().resourceConditionalByUrl(url).execute();
    assertThatThrownBy(
            () ->
                client.read().resource(Patient.class).withId(created.getId().getIdPart()).execute())
        .isInstanceOf(ResourceGoneException.class);
  }

  @Test
  void transactionResolvesUrnUuidReferencesAndCreatesEverything() {
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Patient p = patient("Tx");
    tx.addEntry()
        .setFullUrl("urn:uuid:0d1f7e4e-2f7e-4a8c-9e0a-3f1b0c1d2e3f")
        .setResource(p)
        .getRequest()
        .setMethod(Bundle.HTTPVerb.POST)
        .setUrl("Patient");
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().setText("Body weight");
    o.setSubject(new Reference("urn:uuid:0d1f7e4e-2f7e-4a8c-9e0a-3f1b0c1d2e3f"));
    tx.addEntry().setResource(o).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

    Bundle response = client.transaction().withBundle(tx).execute();
    assertThat(response.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
    assertThat(response.getEntry()).hasSize(2);
    String patientLocation = response.getEntry().get(0).getResponse().getLocation();
    String obsLocation = response.getEntry().get(1).getResponse().getLocation();
    assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
    Observation read =
        client
            .read()
            .resource(Observation.class)
            .withId(new IdType(obsLocation).getIdPart())
            .execute();
    assertThat(read.getSubject().getReference())
        .isEqualTo("Patient/" + new IdType(patientLocation).getIdPart());
  }

  @Test
  void batchReportsEachEntryOnItsOwn() {
    Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
    batch
        .addEntry()
        .setResource(patient("Batch"))
        .getRequest()
        .setMethod(Bundle.HTTPVerb.POST)
        .setUrl("Patient");
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/does-not-exist");
    Bundle response = client.transaction().withBundle(batch).execute();
    assertThat(response.getType()).isEqualTo(Bundle.BundleType.BATCHRESPONSE);
    assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
    assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("404");
    assertThat(response.getEntry().get(1).getResponse().getOutcome()).isNotNull();
  }

  @Test
  void xmlClientReadsAndWritesTheSameResources() {
    IGenericClient xml = CTX.newRestfulGenericClient(fhirBase());
    xml.registerInterceptor(new BearerTokenAuthInterceptor(bearerToken()));
    xml.setEncoding(EncodingEnum.XML);
    IdType id = (IdType) xml.create().resource(patient("Xml")).execute().getId();
    Patient read = xml.read().resource(Patient.class).withId(id.getIdPart()).execute();
    assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Xml");
    Patient viaJson = client.read().resource(Patient.class).withId(id.getIdPart()).execute();
    assertThat(viaJson.getIdentifierFirstRep().getValue()).isEqualTo("Xml-mrn");
  }
}
