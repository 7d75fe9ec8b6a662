package health.custodian.web.internal.chart;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The rows the chart page shows, one record per kind of entry. */
final class ChartRows {

  private ChartRows() {}

  record Identifier(String label, String value) {}

  record Header(
      String id,
      String name,
      String birthDate,
      @Nullable Integer age,
      String gender,
      String mrn,
      List<Identifier> identifiers,
      String address,
      String phone,
      List<String> contacts,
      String deceased,
      List<String> sensitivity,
      List<String> allergies,
      List<String> activeProblems) {}

  record Encounter(
      String id,
      String start,
      String end,
      String kind,
      String kindLabel,
      String type,
      String reason,
      String provider,
      int entries) {}

  record Condition(
      String id, String display, String code, String status, String onset, String abatement) {}

  record Procedure(String id, String display, String code, String date, String status) {}

  record Medication(
      String id, String display, String status, boolean active, String authored, String dosage) {}

  record Immunization(String id, String display, String date, String status) {}

  record Allergy(String id, String display, String criticality, String reaction, String status) {}

  record CarePlan(String id, String display, String status, String start, String end) {}

  record Result(
      String id,
      String code,
      String display,
      String value,
      String range,
      String flag,
      boolean abnormal,
      String date) {}

  record Panel(String id, String name, String date, List<Result> results) {}

  record Note(String id, String kind, String title, String date, String author, String text) {}

  record Claim(
      String id, String kind, String type, String date, String status, String total, String paid) {}

  /** One entry of an encounter's drill-down. */
  record EncounterEntry(String group, String type, String id, String display, String detail) {}
}
