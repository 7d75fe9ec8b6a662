package health.custodian.records.internal.bulk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a manifest's {@code output} or {@code error} array (IG v2.0.0 "Response - Complete
 * Status"), with the file name in the job's folder; the URL is made at poll time from the base the
 * client used.
 *
 * @param file the file in the job's folder; null for an import output (nothing to download)
 * @param inputUrl for {@code $import}: the input the entry is about
 * @param patients for an export file: the Patients whose compartments its resources are in, sorted
 *     (the audit record of each download names them, so that the accounting of disclosures finds
 *     the export; kept in the stored manifest, never shown); null for other entries and for
 *     manifests stored before
 */
record ManifestFile(
    String type,
    @Nullable String file,
    long count,
    @Nullable String inputUrl,
    @Nullable List<String> patients) {

  ManifestFile(String type, @Nullable String file, long count, @Nullable String inputUrl) {
    this(type, file, count, inputUrl, null);
  }
}
