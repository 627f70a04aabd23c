package dev.pulpo.outbound.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * What the sender knows of one outbound id, in the {@code send-state} store: the parts Twilio took, with
 * its ids, and how it ended. It changes in the same exactly-once transaction as the statuses it explains,
 * so after a restart it says exactly what the committed history says.
 *
 * @param parts    how many messages the reply needs
 * @param sent     the parts Twilio took, in order; the next part to send is {@code sent.size()}
 * @param attempts every attempt made, over all parts
 * @param outcome  {@link #PENDING} while it waits for an attempt, then {@link #SENT}, {@link #FAILED} or
 *                 {@link #DEAD_LETTERED}
 */
public record SendState(String outboundId, String conversationId, int parts, List<SentPart> sent, int attempts,
        String outcome, long updatedAtMs) {

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String DEAD_LETTERED = "dead_lettered";

    public SendState {
        sent = sent == null ? List.of() : List.copyOf(sent);
    }

    /** One part Twilio took. */
    public record SentPart(String partId, String providerId, String status, int attempt) {
    }

    static SendState pending(String outboundId, String conversationId, int parts, long nowMs) {
        return new SendState(outboundId, conversationId, parts, List.of(), 0, PENDING, nowMs);
    }

    /** A message that is queued or went out must not be sent again; one that failed may be replayed. */
    boolean blocksAnotherSend() {
        return PENDING.equals(outcome) || SENT.equals(outcome);
    }

    SendState replayed(int parts, long nowMs) {
        return new SendState(outboundId, conversationId, parts, sent, attempts, PENDING, nowMs);
    }

    SendState attempted(long nowMs) {
        return new SendState(outboundId, conversationId, parts, sent, attempts + 1, outcome, nowMs);
    }

    SendState withSent(SentPart part, long nowMs) {
        List<SentPart> more = new ArrayList<>(sent);
        more.add(part);
        return new SendState(outboundId, conversationId, parts, more, attempts, more.size() >= parts ? SENT : outcome,
                nowMs);
    }

    SendState ended(String how, long nowMs) {
        return new SendState(outboundId, conversationId, parts, sent, attempts, how, nowMs);
    }

    List<String> providerIds() {
        return sent.stream().map(SentPart::providerId).toList();
    }
}
