package health.custodian.records.internal.storage;

import health.custodian.records.FhirException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The referential-integrity checks a {@link WriteSession} runs before commit: no reference to a
 * resource that does not exist, and (when enforced) no delete of a resource that others still
 * reference (R4 3.1.0.7: servers may refuse to delete referenced resources).
 */
final class Integrity {

  /** How many referrers a refused delete names. */
  private static final int REFERRERS_NAMED = 5;

  private Integrity() {}

  /** Refuses (BrokenReferencesException) when one of {@code targets} does not exist. */
  static void refuseBrokenReferences(
      ResourceRepository repository,
      Set<String> targets,
      List<PendingVersion> versions,
      List<ResourceRepository.Link> links) {
    Set<String> missing = repository.missing(targets);
    if (missing.isEmpty()) {
      return;
    }
    Map<Long, String> keys = new HashMap<>();
    versions.forEach(v -> keys.put(v.pk(), v.resourceType() + "/" + v.id()));
    List<BrokenReferencesException.Broken> broken = new ArrayList<>();
    for (ResourceRepository.Link l : links) {
      String target = l.key();
      if (missing.contains(target)) {
        String source = keys.getOrDefault(l.sourcePk(), "?");
        broken.add(new BrokenReferencesException.Broken(source, target));
      }
    }
    throw BrokenReferencesException.of(broken);
  }

  /**
   * Refuses (409) a delete among {@code versions} of a resource still referenced by one not itself
   * deleted in the same session ({@code removed}).
   */
  static void refuseDeletingReferenced(
      ResourceRepository repository, List<PendingVersion> versions, List<Long> removed) {
    for (PendingVersion v : versions) {
      if (v.live()) {
        continue;
      }
      List<String> referrers =
          repository.referrers(v.resourceType(), v.id(), removed, REFERRERS_NAMED);
      if (!referrers.isEmpty()) {
        throw new FhirException(
            409,
            "referenced-resource",
            "conflict",
            v.resourceType()
                + "/"
                + v.id()
                + " is referenced by "
                + String.join(", ", referrers)
                + (referrers.size() == REFERRERS_NAMED ? " and possibly others" : ""));
      }
    }
  }
}
