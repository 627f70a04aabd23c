package dev.pulpo.schemas.event;

/**
 * Per-stage timings of a turn, in milliseconds, named as in the TELEMETRY line. A stage a route skips
 * stays 0.
 */
public record Timings(
        long tExtractMs,
        long tPlanMs,
        long tPolicyMs,
        long tBrokerMs,
        long tReduceMs,
        long tNlgMs,
        long tTotalMs) {

    public static final Timings ZERO = new Timings(0, 0, 0, 0, 0, 0, 0);

    public Timings withExtract(long ms) {
        return new Timings(ms, tPlanMs, tPolicyMs, tBrokerMs, tReduceMs, tNlgMs, tTotalMs);
    }

    public Timings withPlan(long ms) {
        return new Timings(tExtractMs, ms, tPolicyMs, tBrokerMs, tReduceMs, tNlgMs, tTotalMs);
    }

    public Timings withPolicy(long ms) {
        return new Timings(tExtractMs, tPlanMs, ms, tBrokerMs, tReduceMs, tNlgMs, tTotalMs);
    }

    public Timings withBroker(long ms) {
        return new Timings(tExtractMs, tPlanMs, tPolicyMs, ms, tReduceMs, tNlgMs, tTotalMs);
    }

    public Timings withReduce(long ms) {
        return new Timings(tExtractMs, tPlanMs, tPolicyMs, tBrokerMs, ms, tNlgMs, tTotalMs);
    }

    public Timings withNlg(long ms) {
        return new Timings(tExtractMs, tPlanMs, tPolicyMs, tBrokerMs, tReduceMs, ms, tTotalMs);
    }

    public Timings withTotal(long ms) {
        return new Timings(tExtractMs, tPlanMs, tPolicyMs, tBrokerMs, tReduceMs, tNlgMs, ms);
    }
}
