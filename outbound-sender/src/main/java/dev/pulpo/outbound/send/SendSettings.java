package dev.pulpo.outbound.send;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How hard the sender tries.
 *
 * @param maxAttempts       attempts per part, the first included, before a 429/5xx/no-answer part is dead-lettered
 * @param backoffBase       the first retry's delay; it doubles per attempt, with jitter
 * @param backoffMax        the longest delay the sender picks itself (a {@code Retry-After} may ask for more)
 * @param requestTimeout    how long one HTTP call to Twilio may take, connecting included
 * @param retryTick         how often messages waiting for their next attempt are looked at (wall clock)
 * @param sendStateRetention how long the sender remembers an outbound id it handled, to refuse a second send
 */
@ConfigurationProperties("pulpo.outbound")
public record SendSettings(
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("1s") Duration backoffBase,
        @DefaultValue("60s") Duration backoffMax,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("250ms") Duration retryTick,
        @DefaultValue("7d") Duration sendStateRetention) {

    public SendSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("pulpo.outbound.max-attempts must be at least 1, not " + maxAttempts);
        }
    }

    public static SendSettings defaults() {
        return new SendSettings(5, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10),
                Duration.ofMillis(250), Duration.ofDays(7));
    }
}
