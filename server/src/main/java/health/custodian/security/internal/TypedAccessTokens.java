package health.custodian.security.internal;

import java.time.Instant;

/**
 * Since when this data folder's server issues access tokens typed {@code at+jwt}: the first start
 * of a version that types them, kept in {@code <data>/secrets/typed-tokens-since} ({@link
 * SigningKeys#typedAccessTokensSince}). Untyped tokens issued before it are accepted until they
 * expire; none issued after it ({@link AccessTokenTypes#builtIn}).
 *
 * @param since the instant; every token issued by this version has an {@code iat} at or after it
 */
public record TypedAccessTokens(Instant since) {}
