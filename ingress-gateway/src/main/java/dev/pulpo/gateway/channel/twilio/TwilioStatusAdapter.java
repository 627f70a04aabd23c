package dev.pulpo.gateway.channel.twilio;

import dev.pulpo.gateway.web.BadRequestException;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.OutboundStatus;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Twilio's status callback (already signature-checked) → an {@link OutboundStatus}. Which outbound message
 * it is about comes from the query the outbound-sender put in {@code StatusCallback}
 * ({@code ?outbound_id=...&conversation_id=...}, part of the signed URL); Twilio's {@code MessageSid}
 * becomes the provider id.
 */
@Component
public class TwilioStatusAdapter {
    /** The statuses recorded on {@code outbound-status}. */
    static final Set<String> RECORDED = Set.of("queued", "sending", "sent", "delivered", "read", "failed",
            "undelivered");
    /** Statuses Twilio may send that a reply of Pulpo's does not go through, or that the topic has no word for. */
    static final Set<String> IGNORED = Set.of("accepted", "scheduled", "canceled", "receiving", "received",
            "partially_delivered");

    private final Clock clock = Clock.systemUTC();

    /** The status to record, or empty for a status Twilio sends that is not recorded. */
    public Optional<OutboundStatus> toStatus(Map<String, String> form, Map<String, String> query) {
        String outboundId = TwilioInboundAdapter.required(query, "outbound_id");
        String conversationId = conversationId(TwilioInboundAdapter.required(query, "conversation_id"));
        String messageSid = TwilioInboundAdapter.required(form, "MessageSid");
        String status = TwilioInboundAdapter.required(form, "MessageStatus").toLowerCase(java.util.Locale.ROOT);
        if (IGNORED.contains(status)) {
            return Optional.empty();
        }
        if (!RECORDED.contains(status)) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST,
                    "'MessageStatus' " + status + " is not a Twilio message status", "MessageStatus");
        }
        return Optional.of(new OutboundStatus(OutboundStatus.VERSION, outboundId, conversationId,
                ConversationId.workspaceOf(conversationId), status, messageSid, 0, error(form),
                OffsetDateTime.now(clock)));
    }

    /** {@code {workspace_id}:{+E164}}; a '+' left unencoded in the callback URL arrives as a space. */
    private static String conversationId(String raw) {
        String id = raw.replace(' ', '+');
        int colon = id.lastIndexOf(':');
        if (colon <= 0 || !id.substring(colon + 1).matches("\\+[1-9][0-9]{6,14}")) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST,
                    "'conversation_id' must be {workspace_id}:{E.164 phone}", "conversation_id");
        }
        return id;
    }

    private static String error(Map<String, String> form) {
        String code = form.get("ErrorCode");
        if (code == null || code.isBlank()) {
            return null;
        }
        String message = form.get("ErrorMessage");
        return message == null || message.isBlank() ? code : code + ": " + message;
    }
}
