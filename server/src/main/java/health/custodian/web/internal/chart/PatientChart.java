package health.custodian.web.internal.chart;

import java.util.List;

/**
 * Everything the chart page renders, first pages only; each list section knows its full size so the
 * page can offer the next page.
 */
record PatientChart(
    ChartRows.Header header,
    Section<ChartRows.Encounter> encounters,
    Section<ChartRows.Condition> problems,
    Section<ChartRows.Procedure> procedures,
    Section<ChartRows.Medication> medications,
    Section<ChartRows.Immunization> immunizations,
    Section<ChartRows.Allergy> allergies,
    Section<ChartRows.CarePlan> carePlans,
    Section<ChartRows.Panel> labs,
    Section<ChartRows.Note> notes,
    Section<ChartRows.Claim> claims,
    List<VitalSeries> vitals,
    int resourceCount) {

  /**
   * One page of a section.
   *
   * @param name the section's name in URLs ({@code /patients/{id}/section/{name}?page=N})
   * @param page 1-based page number
   */
  record Section<T>(String name, List<T> rows, int page, int pageSize, int total) {

    static <T> Section<T> of(String name, List<T> all, int page, int pageSize) {
      int from = Math.min(all.size(), (page - 1) * pageSize);
      int to = Math.min(all.size(), from + pageSize);
      return new Section<>(name, all.subList(from, to), page, pageSize, all.size());
    }

    public boolean hasNext() {
      return page * pageSize < total;
    }

    public boolean hasPrevious() {
      return page > 1;
    }

    public int pages() {
      return Math.max(1, (total + pageSize - 1) / pageSize);
    }
  }

  /** A vital sign over time, as chart data (dates and values, oldest first). */
  record VitalSeries(
      String code, String name, String unit, List<String> dates, List<Double> values) {}
}
