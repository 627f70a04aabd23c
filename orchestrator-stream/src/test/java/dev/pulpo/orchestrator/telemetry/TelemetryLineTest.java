package dev.pulpo.orchestrator.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.SampleEvents;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.Timings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The integration guide's TELEMETRY line, parsed as its grep/awk/sort recipes parse it. */
class TelemetryLineTest {

    @Test
    void theLineHoldsTheGuidesFieldsInTheGuidesOrder() {
        String line = TurnTelemetry.line(decision(new Timings(180, 150, 5, 450, 10, 80, 875)));

        Map<String, String> fields = parse(line);
        assertThat(fields.keySet()).containsExactly("route", "workspace", "intent", "confidence", "actions",
                "t_extract_ms", "t_plan_ms", "t_policy_ms", "t_broker_ms", "t_reduce_ms", "t_nlg_ms", "t_total_ms");
        assertThat(fields).containsEntry("route", "legacy").containsEntry("intent", "info_hours")
                .containsEntry("confidence", "0.93").containsEntry("actions", "1").containsEntry("t_total_ms", "875");
    }

    @Test
    void stagesTheLegacyRouteSkipsShowZero() {
        Map<String, String> fields = parse(TurnTelemetry.line(decision(new Timings(3, 0, 1, 0, 0, 0, 4))));

        assertThat(fields).containsEntry("t_plan_ms", "0").containsEntry("t_nlg_ms", "0");
    }

    @Test
    void theGuidesConfidenceRecipeReadsTheNumber() {
        // grep "confidence=" | awk -F'confidence=' '{print $2}' | awk '{print $1}'
        String line = "2025-01-15T10:00:00.000Z INFO  [stream-thread] d.p.o.t.TurnTelemetry : "
                + TurnTelemetry.line(decision(Timings.ZERO));
        String afterConfidence = line.split("confidence=")[1];
        assertThat(afterConfidence.split("\\s+")[0]).isEqualTo("0.93");
        // Nothing before the word TELEMETRY holds a '=', so `sort -t=` counts fields as the guide does.
        assertThat(line.substring(0, line.indexOf("TELEMETRY"))).doesNotContain("=");
    }

    private static Decision decision(Timings timings) {
        Decision d = SampleEvents.decision();
        return new Decision(d.schemaVersion(), d.decisionId(), d.snapshotId(), d.conversationId(), d.workspaceId(),
                d.channel(), d.route(), d.intent(), d.confidence(), d.slots(), d.actions(), d.assistant(), true,
                d.pipelineVersion(), timings, d.decidedAt(), d.fallback());
    }

    private static Map<String, String> parse(String line) {
        assertThat(line).startsWith("TELEMETRY ");
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> parts = new ArrayList<>(List.of(line.substring("TELEMETRY ".length()).split(" ")));
        for (String part : parts) {
            String[] kv = part.split("=", 2);
            fields.put(kv[0], kv[1]);
        }
        return fields;
    }
}
