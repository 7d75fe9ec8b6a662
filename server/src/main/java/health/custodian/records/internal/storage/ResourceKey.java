package health.custodian.records.internal.storage;

/**
 * A resource's type and id as a map key within a write session: unlike the string {@code Type/id}
 * it is built without copying either, and hashes with the hash codes the two strings keep, which
 * matters to bulk loads (several lookups per resource: claims, known text and references, staging).
 */
record ResourceKey(String type, String id) {

  @Override
  public String toString() {
    return type + "/" + id;
  }
}
