package health.custodian.web.internal.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Display helpers over FHIR R4 JSON trees: names, codes, dates and quantities as a person reads
 * them. Every method accepts missing elements and answers "" or null rather than failing, because
 * real records are incomplete.
 */
public final class Fhir {

  private Fhir() {}

  /** Text of a field, "" when absent. */
  public static String text(@Nullable JsonNode node, String field) {
    if (node == null) {
      return "";
    }
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  /** The official (else first) HumanName as "Given Family" (R4 2.24.0.10 HumanName). */
  public static String name(JsonNode resource) {
    JsonNode names = resource.path("name");
    JsonNode chosen = null;
    for (JsonNode n : names) {
      if ("official".equals(n.path("use").asText())) {
        chosen = n;
        break;
      }
      if (chosen == null) {
        chosen = n;
      }
    }
    if (chosen == null) {
      return "";
    }
    if (chosen.hasNonNull("text")) {
      return chosen.get("text").asText();
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode g : chosen.path("given")) {
      parts.add(g.asText());
    }
    if (chosen.hasNonNull("family")) {
      parts.add(chosen.get("family").asText());
    }
    return String.join(" ", parts);
  }

  /** The family name of the official (else first) name. */
  public static String family(JsonNode resource) {
    for (JsonNode n : resource.path("name")) {
      if (n.hasNonNull("family")) {
        return n.get("family").asText();
      }
    }
    return "";
  }

  /** CodeableConcept text, else the first coding's display, else its code. */
  public static String concept(@Nullable JsonNode cc) {
    if (cc == null || cc.isMissingNode() || cc.isNull()) {
      return "";
    }
    if (cc.hasNonNull("text")) {
      return cc.get("text").asText();
    }
    for (JsonNode c : cc.path("coding")) {
      if (c.hasNonNull("display")) {
        return c.get("display").asText();
      }
    }
    for (JsonNode c : cc.path("coding")) {
      if (c.hasNonNull("code")) {
        return c.get("code").asText();
      }
    }
    return "";
  }

  /** The first coding's code with a short system name, e.g. "SNOMED 44054006". */
  public static String codeLabel(@Nullable JsonNode cc) {
    if (cc == null) {
      return "";
    }
    for (JsonNode c : cc.path("coding")) {
      if (c.hasNonNull("code")) {
        return systemName(c.path("system").asText()) + " " + c.get("code").asText();
      }
    }
    return "";
  }

  /** The first code of a CodeableConcept in {@code system}, else null. */
  public static @Nullable String code(@Nullable JsonNode cc, String system) {
    if (cc == null) {
      return null;
    }
    for (JsonNode c : cc.path("coding")) {
      if (system.equals(c.path("system").asText()) && c.hasNonNull("code")) {
        return c.get("code").asText();
      }
    }
    return null;
  }

  /** Short names for the code systems HIM staff recognise. */
  public static String systemName(String system) {
    return switch (system) {
      case "http://snomed.info/sct" -> "SNOMED";
      case "http://loinc.org" -> "LOINC";
      case "http://www.nlm.nih.gov/research/umls/rxnorm" -> "RxNorm";
      case "http://hl7.org/fhir/sid/icd-10-cm" -> "ICD-10-CM";
      case "http://hl7.org/fhir/sid/icd-10" -> "ICD-10";
      case "http://www.cms.gov/Medicare/Coding/ICD10" -> "ICD-10-PCS";
      case "http://hl7.org/fhir/sid/cvx" -> "CVX";
      case "http://www.ama-assn.org/go/cpt" -> "CPT";
      case "https://bluebutton.cms.gov/resources/codesystem/hcpcs" -> "HCPCS";
      case "http://unitsofmeasure.org" -> "UCUM";
      default -> system.isEmpty() ? "" : "code";
    };
  }

  /** The date part (YYYY-MM-DD, or shorter when partial) of a FHIR date or dateTime. */
  public static String day(@Nullable String dateTime) {
    if (dateTime == null || dateTime.isEmpty()) {
      return "";
    }
    return dateTime.length() > 10 ? dateTime.substring(0, 10) : dateTime;
  }

  /** Whole years from a FHIR birthDate to {@code today}; null when unknown or partial. */
  public static @Nullable Integer age(String birthDate, LocalDate today) {
    if (birthDate.length() < 10) {
      return null;
    }
    try {
      return Period.between(LocalDate.parse(birthDate.substring(0, 10)), today).getYears();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A Quantity as "7.2 %" with a sensible number of digits. */
  public static String quantity(@Nullable JsonNode q) {
    if (q == null || !q.hasNonNull("value")) {
      return "";
    }
    String unit = q.hasNonNull("unit") ? q.get("unit").asText() : q.path("code").asText();
    return number(q.get("value").decimalValue().doubleValue()) + (unit.isEmpty() ? "" : " " + unit);
  }

  /** A Money as "1,234.50 USD". */
  public static String money(JsonNode m) {
    if (!m.hasNonNull("value")) {
      return "";
    }
    return String.format(Locale.ROOT, "%,.2f", m.get("value").asDouble())
        + (m.hasNonNull("currency") ? " " + m.get("currency").asText() : "");
  }

  public static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return String.valueOf((long) v);
    }
    double abs = Math.abs(v);
    String pattern = abs >= 100 ? "%.1f" : abs >= 1 ? "%.2f" : "%.3f";
    String s = String.format(Locale.ROOT, pattern, v);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  /** The start of an effective/onset/period choice: {@code xDateTime} or {@code xPeriod.start}. */
  public static String when(JsonNode resource, String prefix) {
    String dt = text(resource, prefix + "DateTime");
    if (!dt.isEmpty()) {
      return dt;
    }
    String instant = text(resource, prefix + "Instant");
    if (!instant.isEmpty()) {
      return instant;
    }
    return text(resource.get(prefix + "Period"), "start");
  }

  /** The id part of a local reference "Type/id", or "" when it is not one. */
  public static String refId(@Nullable JsonNode reference, String type) {
    if (reference == null) {
      return "";
    }
    String ref = reference.path("reference").asText();
    String prefix = type + "/";
    return ref.startsWith(prefix) ? ref.substring(prefix.length()) : "";
  }
}
