package health.custodian.records;

import java.util.List;

/**
 * Published in the same database transaction as the changes it lists: one event per committed
 * request or transaction Bundle (not one per resource, so that a 2,000-resource Bundle costs one
 * event-registry row per listener). Listeners use {@code @ApplicationModuleListener}; Spring
 * Modulith's JDBC publication registry makes delivery durable across restarts.
 */
public record ResourcesChanged(List<ResourceChange> changes) {}
