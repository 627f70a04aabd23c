package dev.pulpo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.Action;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.Decision;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TurnChecksTest {
    private static final Action HOURS_OK = new Action("c-1", "get_business_hours", Map.of(), "ok", null);
    private static final String WORDED = FixedDelayOllama.WORDED_PREFIX + "Nuestros horarios: 09:00 a 20:00";

    @Test
    void slmTurnsAnsweredByTheirModelsHold() {
        TurnChecks checks = new TurnChecks(TurnChecks.Expected.slm());
        checks.record(decision("steady#0", "slm_pipeline", "info_hours", List.of(HOURS_OK), WORDED, null, true));
        checks.record(decision("steady#1", "slm_pipeline", "info_hours", List.of(HOURS_OK), WORDED, null, true));

        assertThat(checks.failures()).isEmpty();
        assertThat(checks.toJson()).containsEntry("final_decisions", 2).containsEntry("worded_by_nlg", 2)
                .containsEntry("routes", Map.of("slm_pipeline", 2)).containsEntry("fallbacks", Map.of());
    }

    @Test
    void aFallbackAKeptTemplateOrAnotherRouteFailsTheSlmCase() {
        TurnChecks checks = new TurnChecks(TurnChecks.Expected.slm());
        checks.record(decision("steady#0", "slm_pipeline", "info_hours", List.of(HOURS_OK), WORDED, null, true));
        // Answered on legacy after a model timeout: quick, but not the turn meant.
        checks.record(decision("steady#1", "slm_pipeline", "info_hours", List.of(HOURS_OK), "Nuestros horarios:",
                "timeout", true));
        checks.record(decision("steady#2", "legacy", "greeting", List.of(), "Hola", null, true));

        assertThat(checks.failures()).containsExactly(
                "1 of 3 without every tool call ok",
                "1 of 3 not on route slm_pipeline",
                "fallbacks {timeout=1}",
                "1 of 3 not info_hours",
                "2 of 3 kept the template instead of the NLG's words");
    }

    @Test
    void countsOnlyTheBenchmarksFinalDecisions() {
        TurnChecks checks = new TurnChecks(TurnChecks.Expected.legacy(true));
        checks.record(decision("steady#0", "legacy", "info_hours", List.of(HOURS_OK), "Nuestros horarios:", null,
                false));
        checks.record(decision("someone-else", "legacy", "greeting", List.of(), "Hola", null, true));
        assertThat(checks.failures()).containsExactly("no final decision");

        checks.record(decision("steady#0", "legacy", "info_hours", List.of(HOURS_OK), "Nuestros horarios:", null,
                true));
        assertThat(checks.failures()).isEmpty();
        assertThat(checks.toJson()).doesNotContainKey("worded_by_nlg");
    }

    @Test
    void anotherTextOnLegacyIsOnlyReported() {
        TurnChecks checks = new TurnChecks(TurnChecks.Expected.legacy(false));
        checks.record(decision("steady#0", "legacy", "greeting", List.of(), "Hola", null, true));
        assertThat(checks.failures()).isEmpty();
        assertThat(checks.toJson()).containsEntry("intents", Map.of("greeting", 1));
    }

    private static Decision decision(String snapshotId, String route, String intent, List<Action> actions,
            String reply, String fallback, boolean isFinal) {
        return new Decision(Decision.VERSION, "d-" + snapshotId, snapshotId, "conv-1", DemoWorkspace.ID, Channel.API,
                route, intent, 0.95, Map.of(), actions, reply, isFinal, "slm-1", null, OffsetDateTime.now(), fallback);
    }
}
