package dev.pulpo.tools.httptool;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How HTTP tools are called ({@code pulpo.tool-executor.http-tools.*} in {@code tool-executor.yml}).
 *
 * @param callBudget   the longest one call may hold the stream thread, all attempts and backoff included; an
 *                     attempt never waits past it, whatever the tool's {@code timeout_ms}
 * @param maxAttempts  attempts of an idempotent tool (the first one included); other tools get exactly one
 * @param backoff      the wait before the second attempt; each later wait is {@code backoffMultiplier} times longer
 * @param maxResponseBytes the most of an answer read; a larger one fails the call, and the rest is never read
 * @param circuit      the circuit breaker each (workspace, tool) has
 */
@ConfigurationProperties("pulpo.tool-executor.http-tools")
public record HttpToolSettings(
        @DefaultValue("10s") Duration callBudget,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("200ms") Duration backoff,
        @DefaultValue("2.0") double backoffMultiplier,
        @DefaultValue("65536") int maxResponseBytes,
        @DefaultValue Circuit circuit) {

    public static final HttpToolSettings DEFAULT = new HttpToolSettings(Duration.ofSeconds(10), 3,
            Duration.ofMillis(200), 2.0, 65536, Circuit.DEFAULT);

    public HttpToolSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("pulpo.tool-executor.http-tools.max-attempts must be at least 1");
        }
        if (maxResponseBytes < 1 || maxResponseBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pulpo.tool-executor.http-tools.max-response-bytes must be between 1 and "
                    + (Integer.MAX_VALUE - 1));
        }
        circuit = circuit == null ? Circuit.DEFAULT : circuit;
    }

    /**
     * One (workspace, tool)'s circuit breaker: it counts the last {@code slidingWindow} calls and, once it has seen
     * {@code minimumCalls}, opens when {@code failureRatePercent} of them failed. Open, it refuses calls for
     * {@code waitInOpen}; then {@code callsInHalfOpen} probes decide whether it closes or opens again.
     */
    public record Circuit(
            @DefaultValue("50") float failureRatePercent,
            @DefaultValue("5") int slidingWindow,
            @DefaultValue("5") int minimumCalls,
            @DefaultValue("30s") Duration waitInOpen,
            @DefaultValue("1") int callsInHalfOpen) {

        public static final Circuit DEFAULT = new Circuit(50, 5, 5, Duration.ofSeconds(30), 1);
    }
}
