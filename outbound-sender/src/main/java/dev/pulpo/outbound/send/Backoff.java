package dev.pulpo.outbound.send;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The wait before the next attempt: Twilio's {@code Retry-After} when it gave one, else exponential
 * ({@code base * 2^(attempt-1)}, capped) with equal jitter, so many senders that failed together do not
 * come back together.
 */
public final class Backoff {
    private final Duration base;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration base, Duration max, RandomGenerator random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /**
     * @param failedAttempt the attempt that just failed, from 1
     * @param retryAfter    Twilio's {@code Retry-After}, or null
     */
    public Duration after(int failedAttempt, Duration retryAfter) {
        if (retryAfter != null && !retryAfter.isNegative()) {
            return retryAfter;
        }
        long ceiling = base.toMillis() << Math.min(failedAttempt - 1, 30);
        long capped = Math.min(Math.max(ceiling, 0), max.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
    }
}
