package health.custodian.security.internal;

/** Names of the claims Custodian puts into its access tokens (see {@link TokenClaims}). */
public final class TokenClaimNames {

  public static final String KIND = "kind";
  public static final String SCOPE = "scope";
  public static final String ROLES = "roles";
  public static final String PATIENT = "patient";
  public static final String ACTOR = "actor";
  public static final String CLEARANCES = "clearances";

  /** The client the token was issued to (RFC 9068 section 2.2: required in JWT access tokens). */
  public static final String CLIENT_ID = "client_id";

  private TokenClaimNames() {}
}
