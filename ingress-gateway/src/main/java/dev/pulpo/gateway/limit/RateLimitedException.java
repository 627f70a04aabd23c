package dev.pulpo.gateway.limit;

/** A message past a rate limit on a way in that answers the caller itself: 429 with Retry-After. */
public class RateLimitedException extends RuntimeException {
    private final long retryAfterSeconds;
    private final String field;

    public RateLimitedException(String message, String field, long retryAfterSeconds) {
        super(message);
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public String field() {
        return field;
    }
}
