package health.custodian.records.internal.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How writes are checked ({@code custodian.fhir.*}).
 *
 * @param validation reject (default): invalid resources are refused; warn: stored, issues reported;
 *     off: no checks beyond JSON well-formedness; full: HAPI's complete validator (profiles too),
 *     much slower
 * @param enforceReferences refuse writes whose local references point at nothing (400)
 * @param enforceDeleteIntegrity refuse to delete resources that live resources reference (409)
 * @param maxBodyBytes largest request body accepted (413 above it)
 */
@ConfigurationProperties("custodian.fhir")
public record WriteSettings(
    @DefaultValue("reject") ValidationMode validation,
    @DefaultValue("true") boolean enforceReferences,
    @DefaultValue("true") boolean enforceDeleteIntegrity,
    @DefaultValue("52428800") long maxBodyBytes) {

  /** Validation of writes. */
  public enum ValidationMode {
    REJECT,
    WARN,
    OFF,
    FULL
  }
}
