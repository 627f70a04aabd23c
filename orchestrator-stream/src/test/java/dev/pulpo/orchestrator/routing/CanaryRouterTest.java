package dev.pulpo.orchestrator.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.FlagUpdate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The integration guide's table of ENABLE_SLM_PIPELINE and SLM_CANARY_PERCENT, and the stable buckets. */
class CanaryRouterTest {
    private static final int CONVERSATIONS = 10_000;

    @Test
    void theGuidesTableHolds() {
        assertThat(slmShare(new RouteFlags(false, 0, "global"))).as("disabled: 100% legacy").isEqualTo(0.0);
        assertThat(slmShare(new RouteFlags(false, 50, "global"))).as("disabled, any percent").isEqualTo(0.0);
        assertThat(slmShare(new RouteFlags(true, 0, "global"))).as("0 = 100% SLM").isEqualTo(1.0);
        assertThat(slmShare(new RouteFlags(true, 100, "global"))).as("100 = 100% legacy").isEqualTo(0.0);
        assertThat(slmShare(new RouteFlags(true, 10, "global"))).as("10% SLM").isBetween(0.08, 0.12);
        assertThat(slmShare(new RouteFlags(true, 50, "global"))).as("50% SLM").isBetween(0.47, 0.53);
    }

    @Test
    void aCustomerStaysOnOneRouteWhileThePercentStays() {
        RouteFlags canary = new RouteFlags(true, 10, "global");
        String conversation = "ws-1:+5491155550001";
        String first = CanaryRouter.route(conversation, canary);
        assertThat(IntStream.range(0, 100).mapToObj(i -> CanaryRouter.route(conversation, canary)))
                .containsOnly(first);
    }

    @Test
    void raisingThePercentKeepsTheCanaryCustomersOnTheSlmRoute() {
        RouteFlags ten = new RouteFlags(true, 10, "global");
        RouteFlags fifty = new RouteFlags(true, 50, "global");
        IntStream.range(0, CONVERSATIONS).mapToObj(CanaryRouterTest::conversation)
                .filter(c -> CanaryRouter.route(c, ten).equals(Decision.ROUTE_SLM))
                .forEach(c -> assertThat(CanaryRouter.route(c, fifty)).isEqualTo(Decision.ROUTE_SLM));
    }

    @Test
    void aWorkspacesFlagsWinOverTheGlobalOnesWhichWinOverTheEnvironment() {
        FlagUpdate global = new FlagUpdate(1, "global", true, 50, "ops", null);
        FlagUpdate workspace = new FlagUpdate(1, "ws-1", null, 0, "ops", null);

        assertThat(RouteFlags.resolve(false, 100, null, null)).isEqualTo(new RouteFlags(false, 100, "global"));
        assertThat(RouteFlags.resolve(false, 100, global, null)).isEqualTo(new RouteFlags(true, 50, "global"));
        assertThat(RouteFlags.resolve(false, 100, global, workspace))
                .as("the workspace sets only the percent; enabling stays the global scope's")
                .isEqualTo(new RouteFlags(true, 0, "global"));
        assertThat(RouteFlags.resolve(false, 100, global, new FlagUpdate(1, "ws-1", false, null, "ops", null)))
                .isEqualTo(new RouteFlags(false, 50, "ws-1"));
    }

    private static double slmShare(RouteFlags flags) {
        long slm = IntStream.range(0, CONVERSATIONS).mapToObj(CanaryRouterTest::conversation)
                .filter(c -> CanaryRouter.route(c, flags).equals(Decision.ROUTE_SLM)).count();
        return slm / (double) CONVERSATIONS;
    }

    private static String conversation(int i) {
        return "550e8400-e29b-41d4-a716-446655440003:+54911" + (50_000_000 + i);
    }
}
