package dev.pulpo.schemas;

import dev.pulpo.schemas.event.Action;
import dev.pulpo.schemas.event.ApiKey;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.FlagUpdate;
import dev.pulpo.schemas.event.Handoff;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.ModelReply;
import dev.pulpo.schemas.event.Media;
import dev.pulpo.schemas.event.OutboundMessage;
import dev.pulpo.schemas.event.OutboundStatus;
import dev.pulpo.schemas.event.Timings;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** One realistic value per topic, shared by the tests of every module. */
public final class SampleEvents {
    public static final String WORKSPACE = DemoWorkspace.ID;
    public static final String PHONE = "+5491155550001";
    public static final String CONVERSATION = ConversationId.of(WORKSPACE, PHONE);
    public static final OffsetDateTime NOW = OffsetDateTime.parse("2025-01-15T10:00:00-03:00");

    private SampleEvents() {
    }

    public static InboundSnapshot snapshot(String snapshotId, String text) {
        return new InboundSnapshot(InboundSnapshot.VERSION, snapshotId, CONVERSATION, WORKSPACE, PHONE, Channel.API,
                null, text, List.of(), null, null, null, NOW);
    }

    public static InboundSnapshot twilioSnapshot() {
        return new InboundSnapshot(InboundSnapshot.VERSION, "snap-2", CONVERSATION, WORKSPACE, PHONE, Channel.TWILIO,
                "SM0123456789abcdef0123456789abcdef", "mirá esta foto", List.of(new Media("https://api.twilio.com/m/1",
                "image/jpeg")), "Ana", "+14155238886", InboundSnapshot.REPLY_VIA_TWILIO, NOW);
    }

    public static Decision decision() {
        return new Decision(Decision.VERSION, "dec-1", "snap-1", CONVERSATION, WORKSPACE, Channel.API,
                Decision.ROUTE_LEGACY, "info_hours", 0.93, Map.of(),
                List.of(new Action("call-1", "get_business_hours", Map.of(), "ok", null)),
                "Nuestros horarios: ...", true, "legacy-1", new Timings(0, 0, 1, 40, 1, 1, 45), NOW, null);
    }

    public static ToolCall toolCall() {
        return new ToolCall(ToolCall.VERSION, "call-1", "dec-1", CONVERSATION, WORKSPACE, "check_availability",
                Map.of("service", "Corte de Cabello", "date", "2025-01-17"), NOW, NOW.plusSeconds(5));
    }

    public static ModelReply modelReply() {
        return new ModelReply(ModelReply.VERSION, "dec-1:extract:1", "dec-1", CONVERSATION, WORKSPACE, "extract",
                "qwen2.5:7b", ModelReply.OK, "{\"intent\":\"greeting\",\"confidence\":0.93}", null, 180, NOW);
    }

    public static ToolResult toolResult() {
        return new ToolResult(ToolResult.VERSION, "call-1", "dec-1", CONVERSATION, WORKSPACE, "check_availability",
                ToolResult.OK, Map.of("free_times", List.of("10:00", "10:15")), null, 12, NOW);
    }

    public static OutboundMessage outbound() {
        return new OutboundMessage(OutboundMessage.VERSION, "out-1", "snap-2", "dec-1", CONVERSATION, WORKSPACE, PHONE,
                "+14155238886", "¡Hola! ¿En qué te ayudo?", NOW);
    }

    public static OutboundStatus outboundStatus() {
        return new OutboundStatus(OutboundStatus.VERSION, "out-1", CONVERSATION, WORKSPACE, OutboundStatus.DRY_RUN,
                null, 1, null, NOW);
    }

    public static Handoff handoff() {
        return new Handoff(Handoff.VERSION, CONVERSATION, WORKSPACE, Handoff.HANDOFF, "customer asked for a person",
                List.of(new Handoff.Turn("customer", "quiero hablar con alguien", NOW)), NOW);
    }

    public static FlagUpdate flags() {
        return new FlagUpdate(FlagUpdate.VERSION, FlagUpdate.GLOBAL, true, 10, "ops@pulpo", NOW);
    }

    public static DeadLetter deadLetter() {
        return new DeadLetter(DeadLetter.VERSION, "inbound-snapshots", 0, 42, CONVERSATION, "{not json",
                "topic inbound-snapshots: cannot read InboundSnapshot: Unexpected character", "orchestrator-stream", NOW);
    }

    /** Each topic with a sample value. */
    public static Map<Topic<String, ?>, Object> byTopic() {
        return Map.ofEntries(
                Map.entry(Topics.INBOUND_SNAPSHOTS, snapshot("snap-1", "hola")),
                Map.entry(Topics.DECISIONS, decision()),
                Map.entry(Topics.TOOL_CALLS, toolCall()),
                Map.entry(Topics.TOOL_RESULTS, toolResult()),
                Map.entry(Topics.MODEL_REPLIES, modelReply()),
                Map.entry(Topics.OUTBOUND_MESSAGES, outbound()),
                Map.entry(Topics.OUTBOUND_STATUS, outboundStatus()),
                Map.entry(Topics.HANDOFFS, handoff()),
                Map.entry(Topics.WORKSPACES, DemoWorkspace.load()),
                Map.entry(Topics.ORCHESTRATOR_CONTROL, flags()),
                Map.entry(Topics.API_KEYS, ApiKey.issue(WORKSPACE, "n8n flow", NOW).record()),
                Map.entry(Topics.INBOUND_SNAPSHOTS.dlq(), deadLetter()));
    }
}
