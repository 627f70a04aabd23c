package dev.pulpo.orchestrator.routing;

import dev.pulpo.schemas.event.Decision;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which route a conversation's turn takes, with the integration guide's meaning of the flags:
 * {@code ENABLE_SLM_PIPELINE=false} sends everything to legacy; {@code SLM_CANARY_PERCENT} 0 sends everything
 * to the SLM pipeline, 100 everything to legacy, and N in between N% of conversations to the SLM pipeline.
 *
 * <p>A conversation's bucket is a stable hash of its id (murmur2, as Kafka partitions keys), so a customer
 * stays on one route while the percentage stays the same, on every instance and across restarts.
 */
public final class CanaryRouter {

    private CanaryRouter() {
    }

    public static String route(String conversationId, RouteFlags flags) {
        if (!flags.enableSlmPipeline()) {
            return Decision.ROUTE_LEGACY;
        }
        int percent = flags.slmCanaryPercent();
        if (percent <= 0) {
            return Decision.ROUTE_SLM;
        }
        if (percent >= 100) {
            return Decision.ROUTE_LEGACY;
        }
        return bucket(conversationId) < percent ? Decision.ROUTE_SLM : Decision.ROUTE_LEGACY;
    }

    /** In [0, 100). */
    public static int bucket(String conversationId) {
        return Utils.toPositive(Utils.murmur2(conversationId.getBytes(StandardCharsets.UTF_8))) % 100;
    }
}
