package dev.pulpo.outbound.stream;

import dev.pulpo.kafka.streams.errors.Punctuations;
import dev.pulpo.kafka.streams.errors.StreamErrors;
import dev.pulpo.outbound.send.Backoff;
import dev.pulpo.outbound.send.BodySplitter;
import dev.pulpo.outbound.send.OutgoingPart;
import dev.pulpo.outbound.send.ReplySender;
import dev.pulpo.outbound.send.SendResult;
import dev.pulpo.outbound.send.SendSettings;
import dev.pulpo.outbound.stream.PendingSends.Origin;
import dev.pulpo.outbound.stream.PendingSends.Waiting;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.event.OutboundMessage;
import dev.pulpo.schemas.event.OutboundStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each reply once, in order per conversation, and writes what happened.
 *
 * <p>A reply is noted in {@code send-state} and queued in {@code pending-sends} under its conversation;
 * the head of a queue is sent at once when it is due. A 429, 5xx or missing answer leaves it at the head
 * with the time of its next attempt, and a wall-clock punctuator sends what is due every
 * {@code retry-tick}. Twilio is called on the stream thread, one call at a time, with a short timeout:
 * Kafka Streams has no asynchronous processing, and a call made elsewhere would have its outcome land
 * outside the transaction that must record it, so the no-second-send guarantee would be lost. The price
 * is that a slow Twilio slows this instance's other conversations; it is bounded by the timeout, by
 * stopping a round at the first failure (Twilio is struggling: the rest waits for the next tick), and by
 * a send budget per round that keeps each transaction far from {@code transaction.timeout.ms}.
 */
final class SendReplies implements Processor<String, OutboundMessage, String, Emitted> {
    private static final Logger log = LoggerFactory.getLogger(SendReplies.class);
    private static final Duration FORGET_EVERY = Duration.ofHours(1);
    private static final String SEND_WHAT_IS_DUE = "send-what-is-due";

    private final ReplySender sender;
    private final SendSettings settings;
    private final MeterRegistry meters;
    private final BodySplitter splitter = new BodySplitter();
    private final Backoff backoff;
    private ProcessorContext<String, Emitted> context;
    private KeyValueStore<String, SendState> ledger;
    private KeyValueStore<String, PendingSends> pending;

    SendReplies(ReplySender sender, SendSettings settings, MeterRegistry meters) {
        this.sender = sender;
        this.settings = settings;
        this.meters = meters;
        this.backoff = new Backoff(settings.backoffBase(), settings.backoffMax(), ThreadLocalRandom.current());
    }

    @Override
    public void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        this.ledger = context.getStateStore(OutboundTopology.SEND_STATE_STORE);
        this.pending = context.getStateStore(OutboundTopology.PENDING_SENDS_STORE);
        // A round that fails is logged and counted, and runs again at its next tick (kafka-support's Punctuations).
        context.schedule(settings.retryTick(), PunctuationType.WALL_CLOCK_TIME,
                Punctuations.guarded(context, SEND_WHAT_IS_DUE, this::sendWhatIsDue));
        context.schedule(FORGET_EVERY, PunctuationType.WALL_CLOCK_TIME,
                Punctuations.guarded(context, "forget-old-sends", this::forgetOldSends));
    }

    @Override
    public void process(Record<String, OutboundMessage> record) {
        OutboundMessage message = record.value();
        long now = context.currentSystemTimeMs();
        int parts = splitter.split(message.body()).size();
        String misaddressed = Addressing.misaddressed(record.key(), message);
        if (misaddressed != null) {
            // Never a relay: a reply goes only to the customer whose conversation it answers.
            giveUp(record.key(), new Waiting(message, origin(), 0, now),
                    SendState.pending(message.outboundId(), message.conversationId(), parts, now),
                    message.outboundId(), 0, SendState.DEAD_LETTERED, misaddressed, now);
            return;
        }
        SendState known = ledger.get(message.outboundId());
        if (known != null && known.blocksAnotherSend()) {
            log.info("outbound_send outbound_id={} conversation={} status=duplicate_ignored outcome={} provider_ids={}",
                    message.outboundId(), ConversationId.masked(message.conversationId()), known.outcome(),
                    known.providerIds());
            return;
        }
        ledger.put(message.outboundId(), known == null
                ? SendState.pending(message.outboundId(), message.conversationId(), parts, now)
                : known.replayed(parts, now));
        PendingSends queue = orEmpty(pending.get(record.key()))
                .append(new Waiting(message, origin(), 0, now));
        pending.put(record.key(), queue);
        if (queue.queue().size() == 1) {
            sendDue(record.key(), now, System.nanoTime());
        }
    }

    /** The wall-clock round: every conversation whose head is due, until Twilio fails or the budget is spent. */
    private void sendWhatIsDue(long now) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, PendingSends> all = pending.all()) {
            while (all.hasNext()) {
                KeyValue<String, PendingSends> entry = all.next();
                if (!entry.value.none() && entry.value.head().dueAtMs() <= now) {
                    due.add(entry.key);
                }
            }
        }
        long startedNanos = System.nanoTime();
        for (String conversationId : due) {
            // One conversation whose send throws must not hold the others' replies: logged, counted, next one.
            if (!Punctuations.step(context, SEND_WHAT_IS_DUE, () -> sendDue(conversationId, now, startedNanos))
                    .orElse(true)) {
                return;
            }
        }
    }

    /**
     * Sends the conversation's due replies, oldest first.
     *
     * @return false when the round should stop: Twilio failed, or the round's budget is spent
     */
    private boolean sendDue(String conversationId, long now, long startedNanos) {
        PendingSends queue = orEmpty(pending.get(conversationId));
        try {
            while (!queue.none() && queue.head().dueAtMs() <= now) {
                if (System.nanoTime() - startedNanos > settings.requestTimeout().toNanos()) {
                    return false;
                }
                Waiting head = queue.head();
                Waiting later = attemptOrGiveUp(conversationId, head);
                if (later != null) {
                    queue = queue.withHead(later);
                    return false;
                }
                queue = queue.withoutHead();
            }
            return true;
        } finally {
            if (queue.none()) {
                pending.delete(conversationId);
            } else {
                pending.put(conversationId, queue);
            }
        }
    }

    /**
     * {@link #attempt}, except that a send that throws (a bug, not Twilio's answer) gives the reply up: left at the
     * head of its queue, it would throw again at every tick and hold the conversation's later replies.
     */
    private Waiting attemptOrGiveUp(String conversationId, Waiting waiting) {
        try {
            return attempt(conversationId, waiting);
        } catch (RuntimeException e) {
            if (!StreamErrors.recoverable(e)) {
                throw e;
            }
            OutboundMessage message = waiting.message();
            log.error("outbound_send outbound_id={} conversation={} status=send_failed", message.outboundId(),
                    ConversationId.masked(conversationId), e);
            long now = context.currentSystemTimeMs();
            SendState state = ledger.get(message.outboundId());
            if (state == null) {
                state = SendState.pending(message.outboundId(), conversationId,
                        splitter.split(message.body()).size(), now);
            }
            giveUp(conversationId, waiting, state, message.outboundId(), waiting.attempts() + 1,
                    SendState.DEAD_LETTERED, "send failed: " + e, now);
            return null;
        }
    }

    /**
     * Sends the reply's parts that have not gone out yet.
     *
     * @return the reply as it waits for its next attempt, or null when it is done with (sent or given up)
     */
    private Waiting attempt(String conversationId, Waiting waiting) {
        OutboundMessage message = waiting.message();
        List<String> parts = splitter.split(message.body());
        SendState state = ledger.get(message.outboundId());
        if (state == null) {
            // Forgotten while queued (it waited longer than send-state-retention): start its ledger again.
            state = SendState.pending(message.outboundId(), conversationId, parts.size(), context.currentSystemTimeMs());
        }
        int attempt = waiting.attempts() + 1;
        for (int i = state.sent().size(); i < parts.size(); i++) {
            String partId = Addressing.partId(message.outboundId(), i, parts.size());
            SendResult result = sender.send(new OutgoingPart(partId, message, parts.get(i), attempt));
            long now = context.currentSystemTimeMs();
            state = state.attempted(now);
            switch (result) {
                case SendResult.Accepted accepted -> {
                    state = state.withSent(new SendState.SentPart(partId, accepted.providerId(), accepted.status(),
                            attempt), now);
                    ledger.put(message.outboundId(), state);
                    String counted = sender.dryRun() ? OutboundStatus.DRY_RUN : "sent";
                    emitStatus(conversationId, message, partId, accepted.status(), accepted.providerId(), attempt,
                            null, now, counted);
                    SendLog.line(message, partId, attempt, accepted.status(), accepted.providerId(), null, null);
                    // Ask for a commit at once: until it happens, a crash would send this part again.
                    context.commit();
                    attempt = 1;
                }
                case SendResult.Retryable retryable -> {
                    if (attempt >= settings.maxAttempts()) {
                        giveUp(conversationId, waiting, state, partId, attempt, SendState.DEAD_LETTERED,
                                "gave up after " + attempt + " attempts on " + partId + ": " + retryable.reason(), now);
                        return null;
                    }
                    ledger.put(message.outboundId(), state);
                    Duration delay = backoff.after(attempt, retryable.retryAfter());
                    emitStatus(conversationId, message, partId, "retrying", null, attempt,
                            retryable.reason() + "; next attempt in " + delay.toMillis() + " ms", now, "retried");
                    SendLog.line(message, partId, attempt, "retrying", null, retryable.reason(), delay);
                    return waiting.retryAt(attempt, now + delay.toMillis());
                }
                case SendResult.Rejected rejected -> {
                    giveUp(conversationId, waiting, state, partId, attempt, SendState.FAILED,
                            partId + ": " + rejected.reason(), now);
                    return null;
                }
            }
        }
        if (!SendState.SENT.equals(state.outcome())) {
            ledger.put(message.outboundId(), state.ended(SendState.SENT, context.currentSystemTimeMs()));
        }
        return null;
    }

    /** A reply that will not go out: its status, and the whole reply on {@code outbound-messages.dlq}. */
    private void giveUp(String conversationId, Waiting waiting, SendState state, String partId, int attempt,
            String how, String reason, long now) {
        OutboundMessage message = waiting.message();
        ledger.put(message.outboundId(), state.ended(how, now));
        emitStatus(conversationId, message, partId, how, null, attempt, reason, now, how);
        SendLog.line(message, partId, attempt, how, null, reason, null);
        Origin origin = waiting.origin();
        String value = new String(Topics.OUTBOUND_MESSAGES.valueSerde().serialize(origin.topic(), message),
                StandardCharsets.UTF_8);
        StreamErrors.from(context.appConfigs()).deadLettered(Topics.OUTBOUND_MESSAGES.dlq().name(), "delivery");
        context.forward(new Record<>(conversationId, new Emitted.GivenUp(new DeadLetter(DeadLetter.VERSION,
                origin.topic(), origin.partition(), origin.offset(), conversationId, value, reason,
                OutboundTopology.SERVICE, at(now))), now));
    }

    private void emitStatus(String conversationId, OutboundMessage message, String partId, String status,
            String providerId, int attempt, String error, long now, String counted) {
        context.forward(new Record<>(conversationId, new Emitted.Status(new OutboundStatus(OutboundStatus.VERSION,
                partId, conversationId, message.workspaceId(), status, providerId, attempt, error, at(now))), now));
        meters.counter("outbound.sends", "status", counted).increment();
    }

    /** Drops what the ledger knows of replies finished longer ago than {@code send-state-retention}. */
    private void forgetOldSends(long now) {
        long before = now - settings.sendStateRetention().toMillis();
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, SendState> all = ledger.all()) {
            while (all.hasNext()) {
                KeyValue<String, SendState> entry = all.next();
                if (!SendState.PENDING.equals(entry.value.outcome()) && entry.value.updatedAtMs() < before) {
                    old.add(entry.key);
                }
            }
        }
        old.forEach(ledger::delete);
    }

    private Origin origin() {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        return new Origin(metadata.topic(), metadata.partition(), metadata.offset());
    }

    private static PendingSends orEmpty(PendingSends queue) {
        return queue == null ? PendingSends.empty() : queue;
    }

    private static OffsetDateTime at(long ms) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
    }
}
