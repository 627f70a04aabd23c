package dev.pulpo.ops.replay;

import dev.pulpo.ops.replay.ReplayReport.Failure;
import dev.pulpo.ops.replay.ReplayReport.IntentScore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The replay's report as a short table for the terminal. */
final class ReportTable {
    private static final int FAILURES_SHOWN = 10;

    private ReportTable() {
    }

    static void print(ReplayReport report, List<PlayedConversation> played, PrintWriter out) {
        out.printf(Locale.ROOT, "%-15s %8s %10s %8s %8s%n", "intent", "support", "precision", "recall", "f1");
        for (Map.Entry<String, IntentScore> row : report.byIntent().entrySet()) {
            IntentScore s = row.getValue();
            out.printf(Locale.ROOT, "%-15s %8d %10.3f %8.3f %8.3f%n", row.getKey(), s.support(), s.precision(),
                    s.recall(), s.f1());
        }
        out.println();
        out.printf(Locale.ROOT, "intent accuracy       %.3f%n", report.intentAccuracy());
        out.printf(Locale.ROOT, "slot accuracy         %.3f%n", report.slotAccuracy());
        out.printf(Locale.ROOT, "action accuracy       %.3f%n", report.actionAccuracy());
        out.printf(Locale.ROOT, "reply accuracy        %.3f%n", report.replyAccuracy());
        out.printf(Locale.ROOT, "conversation success  %.3f%n", report.conversationSuccess());
        out.printf(Locale.ROOT, "latency ms            p50 %d, p90 %d, p99 %d (route %s)%n", report.latencyMs().p50(),
                report.latencyMs().p90(), report.latencyMs().p99(), report.route());
        List<Failure> failures = report.failures();
        if (!failures.isEmpty()) {
            out.printf(Locale.ROOT, "%nfailures: %d%s%n", failures.size(),
                    failures.size() > FAILURES_SHOWN ? " (the first " + FAILURES_SHOWN + ")" : "");
            for (Failure f : failures.subList(0, Math.min(FAILURES_SHOWN, failures.size()))) {
                out.printf(Locale.ROOT, "  %s #%d %s: expected %s, got %s  <- \"%s\"%n", f.id(), f.turn(), f.field(),
                        f.expected(), oneLine(f.actual()), userText(played, f));
            }
        }
    }

    private static String userText(List<PlayedConversation> played, Failure failure) {
        return played.stream().filter(p -> p.golden().id().equals(failure.id())).findFirst()
                .map(p -> p.golden().turns().get(failure.turn() - 1).user()).orElse("");
    }

    private static String oneLine(Object value) {
        return value == null ? "null" : String.valueOf(value).replace('\n', ' ');
    }
}
