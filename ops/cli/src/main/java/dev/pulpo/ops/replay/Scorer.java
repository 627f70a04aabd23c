package dev.pulpo.ops.replay;

import dev.pulpo.ops.replay.ReplayReport.Failure;
import dev.pulpo.ops.replay.ReplayReport.IntentScore;
import dev.pulpo.ops.replay.ReplayReport.Latency;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Scores played conversations against their golden expectations, exactly as golden-format.md says. */
public final class Scorer {
    /** The predicted intent of a turn that got no decision, in the confusion table. */
    public static final String NO_DECISION = "(none)";

    private Scorer() {
    }

    /** @param requestedRoute the report's route when no turn got a decision to say which route it took */
    public static ReplayReport score(List<PlayedConversation> played, String requestedRoute) {
        Tally intents = new Tally();
        Tally slots = new Tally();
        Tally actions = new Tally();
        Tally replies = new Tally();
        int successful = 0;
        int turns = 0;
        List<Long> latencies = new ArrayList<>();
        Map<String, Map<String, Integer>> confusion = new TreeMap<>();
        List<Failure> failures = new ArrayList<>();
        TreeSet<String> routes = new TreeSet<>();

        for (PlayedConversation conversation : played) {
            boolean allPassed = true;
            for (int i = 0; i < conversation.turns().size(); i++) {
                turns++;
                GoldenConversation.Expect expect = conversation.golden().turns().get(i).expect();
                PlayedTurn turn = conversation.turns().get(i);
                List<Failure> found = new ArrayList<>();
                TurnChecks checks = check(conversation.golden().id(), i + 1, expect, turn, found);
                failures.addAll(found);
                allPassed &= found.isEmpty();

                intents.add(checks.intent());
                slots.addIfChecked(checks.slots());
                actions.addIfChecked(checks.actions());
                replies.addIfChecked(checks.reply());
                String predicted = turn.answered() ? turn.intent() : NO_DECISION;
                confusion.computeIfAbsent(expect.intent(), k -> new TreeMap<>()).merge(predicted, 1, Integer::sum);
                if (turn.answered()) {
                    latencies.add(turn.latencyMs());
                    routes.add(turn.route());
                }
            }
            if (allPassed) {
                successful++;
            }
        }
        String route = routes.isEmpty() ? requestedRoute : String.join(",", routes);
        return new ReplayReport(route, played.size(), turns, intents.accuracy(), slots.accuracy(), actions.accuracy(),
                replies.accuracy(), ratio(successful, played.size()), latency(latencies), byIntent(confusion), confusion,
                failures);
    }

    /** Each check's outcome for one turn (null: not listed), adding a failure for each that does not hold. */
    static TurnChecks check(String id, int turnNumber, GoldenConversation.Expect expect, PlayedTurn turn,
            List<Failure> failures) {
        if (!turn.answered()) {
            failures.add(new Failure(id, turnNumber, "decision", "a final decision", turn.noDecision()));
            return new TurnChecks(false, expect.slots() == null ? null : false, expect.actions() == null ? null : false,
                    expect.replyContains() == null ? null : false);
        }
        boolean intentOk = expect.intent().equals(turn.intent());
        if (!intentOk) {
            failures.add(new Failure(id, turnNumber, "intent", expect.intent(), turn.intent()));
        }
        Boolean slotsOk = null;
        if (expect.slots() != null) {
            slotsOk = true;
            for (Map.Entry<String, String> slot : expect.slots().entrySet()) {
                String actual = turn.slots().get(slot.getKey());
                if (!Objects.equals(slot.getValue(), actual)) {
                    slotsOk = false;
                    failures.add(new Failure(id, turnNumber, "slots." + slot.getKey(), slot.getValue(), actual));
                }
            }
        }
        Boolean actionsOk = null;
        if (expect.actions() != null) {
            actionsOk = expect.actions().equals(turn.executedTools());
            if (!actionsOk) {
                failures.add(new Failure(id, turnNumber, "actions", expect.actions(), turn.executedTools()));
            }
        }
        Boolean replyOk = null;
        if (expect.replyContains() != null) {
            replyOk = true;
            for (String wanted : expect.replyContains()) {
                if (!ReplyText.contains(turn.reply(), wanted)) {
                    replyOk = false;
                    failures.add(new Failure(id, turnNumber, "reply_contains", wanted, turn.reply()));
                }
            }
        }
        return new TurnChecks(intentOk, slotsOk, actionsOk, replyOk);
    }

    record TurnChecks(boolean intent, Boolean slots, Boolean actions, Boolean reply) {
    }

    /** Precision, recall and F1 of every intent expected or predicted, from the confusion table. */
    static Map<String, IntentScore> byIntent(Map<String, Map<String, Integer>> confusion) {
        TreeSet<String> labels = new TreeSet<>(confusion.keySet());
        confusion.values().forEach(row -> labels.addAll(row.keySet()));
        labels.remove(NO_DECISION);
        Map<String, IntentScore> scores = new TreeMap<>();
        for (String label : labels) {
            Map<String, Integer> row = confusion.getOrDefault(label, Map.of());
            int support = row.values().stream().mapToInt(Integer::intValue).sum();
            int truePositives = row.getOrDefault(label, 0);
            int predicted = confusion.values().stream().mapToInt(r -> r.getOrDefault(label, 0)).sum();
            double precision = ratioOrZero(truePositives, predicted);
            double recall = ratioOrZero(truePositives, support);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            scores.put(label, new IntentScore(support, round(precision), round(recall), round(f1)));
        }
        return scores;
    }

    /** Nearest-rank percentiles; all 0 when no turn was answered. */
    static Latency latency(List<Long> latencies) {
        List<Long> sorted = latencies.stream().sorted().collect(Collectors.toList());
        return new Latency(percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99));
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static double ratio(int passed, int total) {
        return total == 0 ? 1.0 : round((double) passed / total);
    }

    private static double ratioOrZero(int part, int whole) {
        return whole == 0 ? 0.0 : (double) part / whole;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    /** Passed and total turns of one check. */
    private static final class Tally {
        private int passed;
        private int total;

        void add(boolean ok) {
            total++;
            if (ok) {
                passed++;
            }
        }

        void addIfChecked(Boolean ok) {
            if (ok != null) {
                add(ok);
            }
        }

        double accuracy() {
            return ratio(passed, total);
        }
    }
}
