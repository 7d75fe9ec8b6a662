package health.custodian.records.internal.storage;

import health.custodian.records.FhirException;
import java.util.List;
import java.util.function.Function;

/**
 * Local references to resources that do not exist (R4 3.1.0.4: servers may enforce referential
 * integrity). Lists each referring resource, so that a transaction can name its entry.
 */
public final class BrokenReferencesException extends FhirException {

  private static final long serialVersionUID = 1L;

  /** {@code source} (Type/id) refers to {@code target} (Type/id), which does not exist. */
  public record Broken(String source, String target) {}

  private final transient List<Broken> broken;

  BrokenReferencesException(List<Broken> broken, Function<Broken, String> expression) {
    super(
        400,
        "reference-not-found",
        "not-found",
        "Local reference(s) to resources that do not exist: "
            + String.join(
                ", ", broken.stream().map(b -> b.source() + " -> " + b.target()).toList()),
        broken.stream().map(expression).distinct().toList());
    this.broken = List.copyOf(broken);
  }

  public List<Broken> broken() {
    return broken;
  }

  /** The same problem, with expressions chosen by the caller (e.g. Bundle entry paths). */
  public BrokenReferencesException withExpressions(Function<Broken, String> expression) {
    return new BrokenReferencesException(broken, expression);
  }

  static BrokenReferencesException of(List<Broken> broken) {
    return new BrokenReferencesException(
        broken, b -> b.source().substring(0, b.source().indexOf('/')));
  }
}
