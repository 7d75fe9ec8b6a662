package health.custodian.records.internal.bulk;

import java.util.List;
import org.springframework.stereotype.Component;

/** The product's {@link JobRunner}: an export or an import, by the job's kind. */
@Component
class BulkJobRunner implements JobRunner {

  private final ExportRunner exports;
  private final ImportRunner imports;

  BulkJobRunner(ExportRunner exports, ImportRunner imports) {
    this.exports = exports;
    this.imports = imports;
  }

  @Override
  public String run(BulkJob job, JobControl control) {
    return switch (job.kind()) {
      case EXPORT -> {
        ExportRunner.Result r =
            exports.run(job.id(), BulkJson.read(job.parameters(), ExportRequest.class), control);
        yield BulkJson.write(
            new BulkJson.StoredManifest(
                r.transactionTime().toString(), r.output(), List.of(), false));
      }
      case IMPORT ->
          BulkJson.write(
              imports.run(job.id(), BulkJson.read(job.parameters(), ImportRequest.class), control));
    };
  }
}
