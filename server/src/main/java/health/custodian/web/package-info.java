/**
 * Web: the HIM workspace, server-rendered pages (Thymeleaf + htmx, charts with ECharts, every asset
 * served by Custodian itself) over the record store. It reads patient data only through {@link
 * health.custodian.records.RecordQueries}, so every page view passes the same access rules and
 * audit as the FHIR API.
 */
@NullMarked
package health.custodian.web;

import org.jspecify.annotations.NullMarked;
