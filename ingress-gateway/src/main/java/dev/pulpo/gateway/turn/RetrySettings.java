package dev.pulpo.gateway.turn;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long, and how many, final decisions each gateway instance remembers so that a caller's retry of a message
 * gets its first decision, bound from {@code pulpo.retries.*} (environment: PULPO_DECISION_MEMORY,
 * PULPO_DECISION_MEMORY_SIZE).
 *
 * @param window how long after its decision a retry still gets it (then the orchestrator's dedupe answers nothing
 *               and the caller waits for its timeout)
 * @param size   at most this many decisions, the oldest forgotten first
 */
@ConfigurationProperties("pulpo.retries")
public record RetrySettings(Duration window, Integer size) {
    public RetrySettings {
        window = window == null ? Duration.ofMinutes(30) : window;
        size = size == null ? 20_000 : size;
    }

    public static RetrySettings defaults() {
        return new RetrySettings(null, null);
    }
}
