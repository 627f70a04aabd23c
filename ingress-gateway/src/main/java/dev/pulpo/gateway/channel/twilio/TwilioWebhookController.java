package dev.pulpo.gateway.channel.twilio;

import dev.pulpo.gateway.channel.FormData;
import dev.pulpo.gateway.kafka.EventPublisher;
import dev.pulpo.gateway.limit.InboundRateLimiter;
import dev.pulpo.gateway.turn.TurnGateway;
import dev.pulpo.gateway.web.Futures;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.OutboundStatus;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Twilio's two webhooks. Each reads the form, checks the signature, hands the result in, and answers once
 * it is stored (acks=all) without holding a servlet thread; the reply to a message goes out later through
 * the outbound-sender, so the answer here is an empty TwiML {@code <Response/>}.
 *
 * <p>A customer past a rate limit still gets Twilio a 200 (a refusal would be retried, and reads as a broken
 * webhook): the first such message of a minute is written marked {@code rate_limited}, for the orchestrator to
 * tell the customer to slow down; the others of that minute are dropped here.
 */
@RestController
@RequestMapping("/webhook/pulpo/twilio")
public class TwilioWebhookController {
    public static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
    private static final Logger log = LoggerFactory.getLogger(TwilioWebhookController.class);

    private final TwilioSignature signature;
    private final TwilioInboundAdapter inbound;
    private final TwilioStatusAdapter statuses;
    private final TurnGateway turns;
    private final EventPublisher publisher;
    private final InboundRateLimiter limiter;

    public TwilioWebhookController(TwilioSignature signature, TwilioInboundAdapter inbound,
            TwilioStatusAdapter statuses, TurnGateway turns, EventPublisher publisher, InboundRateLimiter limiter) {
        this.signature = signature;
        this.inbound = inbound;
        this.statuses = statuses;
        this.turns = turns;
        this.publisher = publisher;
        this.limiter = limiter;
    }

    @PostMapping("/wa/inbound")
    public CompletableFuture<ResponseEntity<String>> inbound(HttpServletRequest request) {
        Map<String, String> form = FormData.body(request);
        signature.verify(request, form);
        InboundSnapshot snapshot = inbound.toSnapshot(form);
        InboundRateLimiter.Admission admission = limiter.admit(snapshot);
        if (!admission.allowed()) {
            if (!admission.firstInWindow()) {
                return CompletableFuture.completedFuture(emptyTwiml());
            }
            log.info("Twilio message past the rate limit, marked limit={} message_id={} conversation={}",
                    admission.limit().field(), snapshot.messageId(), ConversationId.masked(snapshot.conversationId()));
            snapshot = snapshot.overRateLimit();
        }
        return Futures.unwrapped(turns.submit(snapshot).thenApply(stored -> emptyTwiml()));
    }

    @PostMapping("/status")
    public CompletableFuture<ResponseEntity<String>> status(HttpServletRequest request) {
        Map<String, String> form = FormData.body(request);
        signature.verify(request, form);
        Optional<OutboundStatus> status = statuses.toStatus(form, FormData.query(request));
        if (status.isEmpty()) {
            log.info("Twilio status not recorded status={} provider_id={}", form.get("MessageStatus"),
                    form.get("MessageSid"));
            return CompletableFuture.completedFuture(emptyTwiml());
        }
        OutboundStatus event = status.get();
        return Futures.unwrapped(publisher.publish(Topics.OUTBOUND_STATUS, event.conversationId(), event)
                .thenApply(metadata -> {
                    log.info("Twilio status recorded outbound_id={} status={} provider_id={} conversation={}",
                            event.outboundId(), event.status(), event.providerId(),
                            ConversationId.masked(event.conversationId()));
                    return emptyTwiml();
                }));
    }

    private static ResponseEntity<String> emptyTwiml() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(EMPTY_TWIML);
    }
}
