package dev.pulpo.orchestrator.turn;

import dev.pulpo.orchestrator.slm.ModelRequest;
import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.Handoff;
import dev.pulpo.schemas.event.OutboundMessage;
import dev.pulpo.schemas.event.ToolCall;

/**
 * A record a turn writes: a decision, a tool call, a model call, a reply to send, or an input given up on. The topology
 * routes each to its topic.
 */
public sealed interface Emission {
    record DecisionMade(Decision decision) implements Emission {
    }

    record CallRequested(ToolCall call) implements Emission {
    }

    record ReplyToSend(OutboundMessage message) implements Emission {
    }

    record Rejected(DeadLetter deadLetter) implements Emission {
    }

    record HandedOff(Handoff handoff) implements Emission {
    }

    /** A model call of the SLM route, made off the stream thread; its answer comes back on model-replies. */
    record ModelCall(ModelRequest request) implements Emission {
    }
}
