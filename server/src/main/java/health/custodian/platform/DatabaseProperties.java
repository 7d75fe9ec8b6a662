package health.custodian.platform;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the database lives. With no {@code url} Custodian starts an embedded PostgreSQL 17 whose
 * data directory is {@code <data-dir>/pg}; with a url (env {@code CUSTODIAN_DB_URL}, {@code
 * CUSTODIAN_DB_USER}, {@code CUSTODIAN_DB_PASSWORD}) it connects to that server instead.
 *
 * @param url JDBC url of an external PostgreSQL server, or null for the embedded one
 * @param user user for the external server
 * @param password password for the external server
 * @param durable fsync and full_page_writes on for the embedded server (tests may relax this)
 * @param poolSize maximum number of pooled connections
 */
@ConfigurationProperties("custodian.db")
public record DatabaseProperties(
    @Nullable String url,
    @Nullable String user,
    @Nullable String password,
    @org.springframework.boot.context.properties.bind.DefaultValue("true") boolean durable,
    @org.springframework.boot.context.properties.bind.DefaultValue("12") int poolSize) {}
