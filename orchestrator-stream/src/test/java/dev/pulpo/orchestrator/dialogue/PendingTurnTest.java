package dev.pulpo.orchestrator.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.SampleEvents;
import dev.pulpo.schemas.event.Action;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.Timings;
import dev.pulpo.schemas.event.ToolResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a turn in flight keeps of its tool results. */
class PendingTurnTest {
    private static final StateLimits LIMITS = StateLimits.defaults();

    @Test
    void aResultWithinTheLimitIsKeptAsItCame() {
        Map<String, Object> hours = Map.of("hours", Map.of("monday", List.of(List.of("09:00", "13:00"))));

        PendingTurn after = waiting().withResult(result(ToolResult.OK, hours, null), 40, LIMITS);

        assertThat(after.results()).containsEntry("call-1", hours);
        assertThat(after.actions()).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(ToolResult.OK);
            assertThat(a.reason()).isNull();
        });
        assertThat(after.awaiting()).isEmpty();
    }

    @Test
    void aResultLargerThanTheLimitIsKeptAsAFailedOne() {
        // Given an HTTP tool that answers 20 KB
        Map<String, Object> huge = Map.of("reply", "a".repeat(20_000));

        // When
        PendingTurn after = waiting().withResult(result(ToolResult.OK, huge, null), 40, LIMITS);

        // Then the turn keeps a small marker, and the call counts as failed, so the dialogue answers as for one
        assertThat(after.results()).containsEntry("call-1", PendingTurn.RESULT_TOO_LARGE);
        assertThat(StateLimits.jsonBytes(after.results())).isLessThan(200);
        assertThat(after.actions()).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(ToolResult.FAILED);
            assertThat(a.reason()).startsWith("result too large (200").endsWith("bytes, at most 16384)");
        });
    }

    @Test
    void aLongErrorIsCutAndAStatusTheContractDoesNotKnowIsAFailure() {
        PendingTurn failed = waiting().withResult(result(ToolResult.FAILED, Map.of(), "e".repeat(10_000)), 40,
                LIMITS);
        PendingTurn odd = waiting().withResult(result("maybe".repeat(1_000), Map.of(), null), 40, LIMITS);

        assertThat(failed.actions().getFirst().reason()).hasSize(StateLimits.MAX_REASON_CHARS);
        assertThat(odd.actions().getFirst().status()).isEqualTo(ToolResult.FAILED);
        assertThat(odd.actions().getFirst().reason()).startsWith("unknown status maybemaybe").hasSizeLessThan(60);
    }

    private static PendingTurn waiting() {
        Plan step = Plan.call("info_hours", 0.9, Map.of(), null, new PlannedCall("get_business_hours", Map.of()));
        PendingTurn started = PendingTurn.start("dec-1", SampleEvents.snapshot("s1", "horarios?"),
                Decision.ROUTE_LEGACY, step, Timings.ZERO, 0, 0, 5_000, null);
        return started.withRound(step, List.of(new Action("call-1", "get_business_hours", Map.of(), Action.PLANNED,
                null)), Set.of("call-1"), Timings.ZERO, 0, 5_000);
    }

    private static ToolResult result(String status, Map<String, Object> result, String error) {
        return new ToolResult(ToolResult.VERSION, "call-1", "dec-1", SampleEvents.CONVERSATION, SampleEvents.WORKSPACE,
                "get_business_hours", status, result, error, 3, SampleEvents.NOW);
    }
}
