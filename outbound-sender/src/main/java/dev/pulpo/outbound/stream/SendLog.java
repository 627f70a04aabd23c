package dev.pulpo.outbound.stream;

import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.OutboundMessage;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator's line per send attempt. */
final class SendLog {
    private static final Logger log = LoggerFactory.getLogger(SendReplies.class);

    private SendLog() {
    }

    /** One line per attempt; the phone is masked and the body never logged (numbers in Twilio's errors neither). */
    static void line(OutboundMessage message, String partId, int attempt, String status, String providerId,
            String error, Duration retryIn) {
        if (error == null) {
            log.info("outbound_send outbound_id={} conversation={} attempt={} status={} provider_id={}", partId,
                    ConversationId.masked(message.conversationId()), attempt, status, providerId);
        } else {
            log.info("outbound_send outbound_id={} conversation={} attempt={} status={} provider_id={} retry_in_ms={} "
                    + "error=\"{}\"", partId, ConversationId.masked(message.conversationId()), attempt, status,
                    providerId, retryIn == null ? null : retryIn.toMillis(), error.replaceAll("\\+?\\d{7,}", "***"));
        }
    }
}
