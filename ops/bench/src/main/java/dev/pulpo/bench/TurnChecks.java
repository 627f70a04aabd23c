package dev.pulpo.bench;

import dev.pulpo.schemas.event.Action;
import dev.pulpo.schemas.event.Decision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the final decisions of a turn case were, and whether every one took the path meant: a latency only
 * counts if the turn it measured is the turn intended (the SLM route answered by its models, not a fallback to
 * legacy that happens to be quick). Thread-safe: the decisions follower records, the benchmark reads at the end.
 */
final class TurnChecks {
    /**
     * @param route  the route every final decision must have taken
     * @param intent      the intent every final decision must have, or null when the text is not the benchmark's
     *                    own (then only reported)
     * @param toolCallsOk whether every final decision must have made its tool calls, all {@code ok}
     * @param worded whether every reply must be the NLG's words ({@link FixedDelayOllama#WORDED_PREFIX}), not
     *               the template kept because the rewrite was refused or lost
     */
    record Expected(String route, String intent, boolean toolCallsOk, boolean worded) {
        /** The hours question on legacy: info_hours and its tool call; any other text is only reported. */
        static Expected legacy(boolean hoursQuestion) {
            return hoursQuestion ? new Expected(Decision.ROUTE_LEGACY, "info_hours", true, false)
                    : new Expected(Decision.ROUTE_LEGACY, null, false, false);
        }

        /** The SLM route with {@link FixedDelayOllama}: its models say info_hours and get_business_hours. */
        static Expected slm() {
            return new Expected(Decision.ROUTE_SLM, "info_hours", true, true);
        }
    }

    private final Expected expected;
    private int finals;
    private int withToolOk;
    private int worded;
    private final Map<String, Integer> intents = new TreeMap<>();
    private final Map<String, Integer> routes = new TreeMap<>();
    private final Map<String, Integer> fallbacks = new TreeMap<>();
    private final Map<String, Integer> actionStatuses = new TreeMap<>();

    TurnChecks(Expected expected) {
        this.expected = expected;
    }

    /** Counts one final decision of ours (the benchmark's ids hold a '#'); anything else is ignored. */
    synchronized void record(Decision decision) {
        if (decision == null || !decision.isFinal() || !decision.snapshotId().contains("#")) {
            return;
        }
        finals++;
        intents.merge(decision.intent(), 1, Integer::sum);
        routes.merge(decision.route(), 1, Integer::sum);
        if (decision.fallback() != null) {
            fallbacks.merge(decision.fallback(), 1, Integer::sum);
        }
        List<Action> actions = decision.actions();
        actions.forEach(a -> actionStatuses.merge(a.tool() + ":" + a.status(), 1, Integer::sum));
        if (!actions.isEmpty() && actions.stream().allMatch(a -> "ok".equals(a.status()))) {
            withToolOk++;
        }
        if (decision.assistant() != null && decision.assistant().startsWith(FixedDelayOllama.WORDED_PREFIX)) {
            worded++;
        }
    }

    /** Why the decisions are not the turns intended; empty when every one is. */
    synchronized List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (finals == 0) {
            failures.add("no final decision");
            return failures;
        }
        if (expected.toolCallsOk() && withToolOk != finals) {
            failures.add((finals - withToolOk) + " of " + finals + " without every tool call ok");
        }
        int onRoute = routes.getOrDefault(expected.route(), 0);
        if (onRoute != finals) {
            failures.add((finals - onRoute) + " of " + finals + " not on route " + expected.route());
        }
        if (!fallbacks.isEmpty()) {
            failures.add("fallbacks " + fallbacks);
        }
        if (expected.intent() != null && intents.getOrDefault(expected.intent(), 0) != finals) {
            failures.add((finals - intents.getOrDefault(expected.intent(), 0)) + " of " + finals + " not "
                    + expected.intent());
        }
        if (expected.worded() && worded != finals) {
            failures.add((finals - worded) + " of " + finals + " kept the template instead of the NLG's words");
        }
        return failures;
    }

    synchronized Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("final_decisions", finals);
        json.put("with_tool_calls_all_ok", withToolOk);
        json.put("intents", new TreeMap<>(intents));
        json.put("routes", new TreeMap<>(routes));
        json.put("fallbacks", new TreeMap<>(fallbacks));
        json.put("tool_calls", new TreeMap<>(actionStatuses));
        if (expected.worded()) {
            json.put("worded_by_nlg", worded);
        }
        return json;
    }
}
