package dev.pulpo.outbound.send;

import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.OutboundMessage;
import dev.pulpo.schemas.event.OutboundStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Prints the reply instead of sending it, for a machine without Twilio credentials: the whole flow runs,
 * and the status says {@code dry_run} so nobody mistakes it for a delivery.
 */
@Component
public class DryRunSender {
    private static final Logger log = LoggerFactory.getLogger(DryRunSender.class);

    private final MeterRegistry meters;
    private final PrintStream out = System.out;

    public DryRunSender(MeterRegistry meters) {
        this.meters = meters;
    }

    public OutboundStatus send(OutboundMessage message, long wallClockMs) {
        // The reply goes to the console on purpose: a dry run exists so a person can read what would be sent.
        out.printf("[dry_run] reply to %s: %s%n", ConversationId.masked(message.conversationId()), message.body());
        log.info("outbound_status=dry_run outbound_id={} conversation={} chars={}", message.outboundId(),
                ConversationId.masked(message.conversationId()), message.body().length());
        meters.counter("outbound.sends", "status", OutboundStatus.DRY_RUN).increment();
        return new OutboundStatus(OutboundStatus.VERSION, message.outboundId(), message.conversationId(),
                message.workspaceId(), OutboundStatus.DRY_RUN, null, 1, null,
                OffsetDateTime.ofInstant(Instant.ofEpochMilli(wallClockMs), ZoneOffset.UTC));
    }
}
