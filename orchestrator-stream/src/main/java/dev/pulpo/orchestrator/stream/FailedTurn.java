package dev.pulpo.orchestrator.stream;

import dev.pulpo.orchestrator.turn.Emission;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.OutboundMessage;
import dev.pulpo.schemas.event.Timings;
import dev.pulpo.schemas.event.TurnIds;
import dev.pulpo.schemas.event.Workspace;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The answer to a customer whose message the turn could not take (a bug, a state that cannot be read): a final
 * decision with a generic apology, and the reply through Twilio when the message came that way, so nobody waits
 * for an answer that will not come (the gateway's {@code /chat} gets it instead of a 504). The message itself goes
 * to {@code inbound-snapshots.dlq} with the reason. Intent {@code out_of_scope} with confidence 0: the contract's
 * intent for a message the assistant could not help with; the decision's {@code assistant} says the rest.
 */
final class FailedTurn {
    static final String APOLOGY = "Perdón, tuve un problema con tu mensaje. ¿Me lo escribís de nuevo en un ratito?";
    private static final String INTENT = "out_of_scope";

    private FailedTurn() {
    }

    static List<Emission> apology(InboundSnapshot snapshot, Workspace workspace, String pipelineVersion, long nowMs) {
        OffsetDateTime now = OffsetDateTime.ofInstant(Instant.ofEpochMilli(nowMs), ZoneOffset.UTC);
        String decisionId = TurnIds.decisionId(snapshot.snapshotId());
        List<Emission> emissions = new ArrayList<>();
        emissions.add(new Emission.DecisionMade(new Decision(Decision.VERSION, decisionId, snapshot.snapshotId(),
                snapshot.conversationId(), snapshot.workspaceId(), snapshot.channel(), Decision.ROUTE_LEGACY, INTENT,
                0.0, Map.of(), List.of(), APOLOGY, true, pipelineVersion, Timings.ZERO, now, null)));
        if (snapshot.repliesThroughTwilio()) {
            String from = snapshot.businessPhone() != null ? snapshot.businessPhone()
                    : workspace.phoneNumbers().stream().findFirst().orElse(null);
            emissions.add(new Emission.ReplyToSend(new OutboundMessage(OutboundMessage.VERSION,
                    TurnIds.outboundId(decisionId), snapshot.snapshotId(), decisionId, snapshot.conversationId(),
                    snapshot.workspaceId(), snapshot.userPhone(), from, APOLOGY, now)));
        }
        return emissions;
    }
}
