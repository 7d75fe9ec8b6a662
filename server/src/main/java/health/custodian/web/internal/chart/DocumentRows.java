package health.custodian.web.internal.chart;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.web.internal.support.Fhir;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Clinical notes and reports: DocumentReference attachments and DiagnosticReport presentedForm /
 * conclusion (R4 Attachment), plus ImagingStudy summaries, and the financial summary (Claim,
 * ExplanationOfBenefit). Text is returned raw; templates escape it ({@code th:text}), so a note can
 * never inject markup into the page.
 */
final class DocumentRows {

  /** Larger attachments are shown truncated; the full text is one click away in the API. */
  static final int MAX_NOTE_CHARS = 20_000;

  private DocumentRows() {}

  static List<ChartRows.Note> notes(ChartIndex index) {
    List<ChartRows.Note> notes = new ArrayList<>();
    for (JsonNode d : index.ofType("DocumentReference")) {
      notes.add(
          new ChartRows.Note(
              d.path("id").asText(),
              "DocumentReference",
              Fhir.concept(d.path("type")),
              d.path("date").asText(),
              d.path("author").path(0).path("display").asText(),
              attachmentText(d.path("content").path(0).path("attachment"))));
    }
    for (JsonNode r : index.ofType("DiagnosticReport")) {
      String text = attachmentText(r.path("presentedForm").path(0));
      if (text.isEmpty()) {
        text = r.path("conclusion").asText();
      }
      if (text.isEmpty()) {
        continue;
      }
      notes.add(
          new ChartRows.Note(
              r.path("id").asText(),
              "DiagnosticReport",
              Fhir.concept(r.path("code")),
              Fhir.when(r, "effective"),
              r.path("performer").path(0).path("display").asText(),
              text));
    }
    for (JsonNode s : index.ofType("ImagingStudy")) {
      List<String> series = new ArrayList<>();
      for (JsonNode se : s.path("series")) {
        series.add(
            se.path("modality").path("code").asText()
                + " "
                + Fhir.concept(se.path("bodySite").isMissingNode() ? null : wrap(se))
                + " ("
                + se.path("numberOfInstances").asText("?")
                + " images)");
      }
      notes.add(
          new ChartRows.Note(
              s.path("id").asText(),
              "ImagingStudy",
              "Imaging study",
              s.path("started").asText(),
              "",
              String.join("\n", series)));
    }
    notes.sort(Comparator.comparing(ChartRows.Note::date).reversed());
    return notes;
  }

  /** bodySite is a Coding in R4 ImagingStudy.series; present it like a CodeableConcept. */
  private static JsonNode wrap(JsonNode series) {
    com.fasterxml.jackson.databind.node.ObjectNode cc =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    cc.putArray("coding").add(series.get("bodySite"));
    return cc;
  }

  /** Inline text attachments (text/*), decoded from base64; "" for other content. */
  static String attachmentText(JsonNode attachment) {
    String type = attachment.path("contentType").asText().toLowerCase(Locale.ROOT);
    if (!attachment.hasNonNull("data") || !(type.isEmpty() || type.startsWith("text/"))) {
      return attachment.path("title").asText();
    }
    try {
      String text =
          new String(
              Base64.getMimeDecoder().decode(attachment.get("data").asText()),
              StandardCharsets.UTF_8);
      return text.length() > MAX_NOTE_CHARS ? text.substring(0, MAX_NOTE_CHARS) + " …" : text;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  static List<ChartRows.Claim> claims(ChartIndex index) {
    List<ChartRows.Claim> rows = new ArrayList<>();
    for (JsonNode c : index.ofType("Claim")) {
      rows.add(
          new ChartRows.Claim(
              c.path("id").asText(),
              "Claim",
              Fhir.concept(c.path("type")),
              Fhir.day(c.path("created").asText()),
              c.path("status").asText(),
              Fhir.money(c.path("total")),
              ""));
    }
    for (JsonNode e : index.ofType("ExplanationOfBenefit")) {
      rows.add(
          new ChartRows.Claim(
              e.path("id").asText(),
              "ExplanationOfBenefit",
              Fhir.concept(e.path("type")),
              Fhir.day(e.path("created").asText()),
              e.path("outcome").asText(),
              Fhir.money(e.path("total").path(0).path("amount")),
              Fhir.money(e.path("payment").path("amount"))));
    }
    rows.sort(Comparator.comparing(ChartRows.Claim::date).reversed());
    return rows;
  }
}
