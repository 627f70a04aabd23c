package dev.pulpo.ops.replay;

import java.util.List;
import java.util.Map;

/**
 * The replay's score, as golden-format.md's "The replay report" defines it; written as JSON with
 * snake_case names. An accuracy whose check no turn lists is 1.0.
 *
 * @param route      the route the decisions were taken on (several joined by {@code ,} if they differ)
 * @param byIntent   per expected or predicted intent
 * @param confusion  expected intent → predicted intent ({@value Scorer#NO_DECISION} when none came) → turns
 */
public record ReplayReport(
        String route,
        int conversations,
        int turns,
        double intentAccuracy,
        double slotAccuracy,
        double actionAccuracy,
        double replyAccuracy,
        double conversationSuccess,
        Latency latencyMs,
        Map<String, IntentScore> byIntent,
        Map<String, Map<String, Integer>> confusion,
        List<Failure> failures) {

    /** Percentiles of the answered turns' latency, from sending the snapshot to reading the final decision. */
    public record Latency(long p50, long p90, long p99) {
    }

    /** @param support turns that expect this intent */
    public record IntentScore(int support, double precision, double recall, double f1) {
    }

    /**
     * One check that did not hold.
     *
     * @param turn  1-based
     * @param field {@code intent}, {@code slots.<name>}, {@code actions}, {@code reply_contains} or {@code decision}
     */
    public record Failure(String id, int turn, String field, Object expected, Object actual) {
    }
}
