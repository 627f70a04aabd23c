package dev.pulpo.gateway.limit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The abuse limits of the ways in, bound from {@code pulpo.gateway.rate-limit.*} (environment:
 * PULPO_RATE_LIMIT_ENABLED, PULPO_RATE_LIMIT_PER_PHONE, PULPO_RATE_LIMIT_PHONE_BURST,
 * PULPO_RATE_LIMIT_PER_WORKSPACE, PULPO_RATE_LIMIT_WORKSPACE_BURST, PULPO_RATE_LIMIT_MAX_TRACKED). Each limit is a
 * token bucket: it holds {@code burst} messages and refills at {@code per...} messages a minute.
 *
 * @param perPhone          messages a minute one customer may send to one workspace, in the long run
 * @param phoneBurst        messages one customer may send at once
 * @param perWorkspace      messages a minute one workspace may receive, all customers together
 * @param workspaceBurst    messages one workspace may receive at once
 * @param maxTracked        buckets kept in memory per kind (customers, workspaces, notices); the least recently
 *                          used are forgotten beyond it, and any bucket idle long enough to be full again
 */
@ConfigurationProperties("pulpo.gateway.rate-limit")
public record RateLimitSettings(Boolean enabled, Integer perPhone, Integer phoneBurst, Integer perWorkspace,
        Integer workspaceBurst, Integer maxTracked) {
    /** The refill period of every bucket, and the window in which a limited customer is told at most once. */
    public static final Duration WINDOW = Duration.ofMinutes(1);

    public RateLimitSettings {
        enabled = enabled == null || enabled;
        perPhone = positive(perPhone, 20, "per-phone");
        phoneBurst = positive(phoneBurst, 10, "phone-burst");
        perWorkspace = positive(perWorkspace, 600, "per-workspace");
        workspaceBurst = positive(workspaceBurst, 200, "workspace-burst");
        maxTracked = positive(maxTracked, 100_000, "max-tracked");
    }

    public static RateLimitSettings defaults() {
        return new RateLimitSettings(null, null, null, null, null, null);
    }

    private static int positive(Integer value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalArgumentException("pulpo.gateway.rate-limit." + name + " must be at least 1, not " + value
                    + " (turn the limits off with PULPO_RATE_LIMIT_ENABLED=false)");
        }
        return value;
    }
}
