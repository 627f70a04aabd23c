package dev.pulpo.orchestrator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.orchestrator.dialogue.PlannedCall;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.ToolSpec;
import dev.pulpo.schemas.event.Workspace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolPolicyTest {
    private final ToolPolicy policy = new ToolPolicy(new ArgumentSchemas());
    private final Workspace salon = DemoWorkspace.load();

    @Test
    void aCallWithinTheManifestWithValidArgumentsIsAllowed() {
        List<Verdict> verdicts = policy.check(List.of(new PlannedCall("check_availability",
                Map.of("service", "Corte de Cabello", "date", "2025-01-17", "time", "15:00"))), 0, salon);

        assertThat(verdicts).singleElement().satisfies(v -> assertThat(v.allowed()).isTrue());
    }

    @Test
    void aToolOutsideTheManifestIsDeniedWithItsReason() {
        List<Verdict> verdicts = policy.check(List.of(new PlannedCall("delete_all_bookings", Map.of())), 0, salon);

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.allowed()).isFalse();
            assertThat(v.reasonCode()).isEqualTo(Verdict.UNKNOWN_TOOL);
            assertThat(v.reason()).contains("delete_all_bookings").contains("not in the manifest");
        });
    }

    @Test
    void argumentsThatBreakTheToolsSchemaAreDeniedNamingWhatIsWrong() {
        List<Verdict> verdicts = policy.check(List.of(new PlannedCall("book_appointment",
                Map.of("service", "Corte de Cabello", "date", "17/01/2025"))), 0, salon);

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.allowed()).isFalse();
            assertThat(v.reasonCode()).isEqualTo(Verdict.INVALID_ARGS);
            assertThat(v.reason()).contains("date").contains("time");
        });
    }

    @Test
    void anUnexpectedArgumentIsDenied() {
        List<Verdict> verdicts = policy.check(List.of(new PlannedCall("get_business_hours",
                Map.of("sql", "drop table"))), 0, salon);

        assertThat(verdicts.getFirst().reasonCode()).isEqualTo(Verdict.INVALID_ARGS);
    }

    @Test
    void theFourthCallOfATurnIsDeniedWhenTheLimitIsThree() {
        PlannedCall hours = new PlannedCall("get_business_hours", Map.of());
        List<Verdict> verdicts = policy.check(List.of(hours, hours), 2, salon);

        assertThat(verdicts).extracting(Verdict::allowed).containsExactly(true, false);
        assertThat(verdicts.get(1).reasonCode()).isEqualTo(Verdict.TOO_MANY_ACTIONS);
        assertThat(verdicts.get(1).reason()).contains("max_actions_per_turn is 3");
    }

    @Test
    void aWorkspacesOwnHttpToolIsCheckedAgainstItsOwnSchema() {
        ToolSpec loyalty = new ToolSpec("loyalty_points", "Points of a customer", ToolSpec.HTTP,
                Map.of("type", "object", "required", List.of("phone"),
                        "properties", Map.of("phone", Map.of("type", "string", "pattern", "^\\+[0-9]+$"))),
                2000, true, new ToolSpec.Http("https://example.com/points", "POST", Map.of()));
        Workspace withTool = new Workspace(salon.schemaVersion(), salon.workspaceId(), salon.name(), salon.locale(),
                salon.timezone(), salon.currency(), salon.phoneNumbers(), salon.address(), salon.hours(),
                salon.services(), salon.booking(), new Workspace.Policy(3, List.of("loyalty_points")), List.of(loyalty),
                null);

        assertThat(policy.check(List.of(new PlannedCall("loyalty_points", Map.of("phone", "+54911"))), 0, withTool)
                .getFirst().allowed()).isTrue();
        assertThat(policy.check(List.of(new PlannedCall("loyalty_points", Map.of("phone", "nope"))), 0, withTool)
                .getFirst().reasonCode()).isEqualTo(Verdict.INVALID_ARGS);
    }
}
