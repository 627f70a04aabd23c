package dev.pulpo.outbound.send;

import dev.pulpo.schemas.event.OutboundMessage;

/**
 * One message as Twilio receives it: the whole reply, or one part of a reply too long for one message.
 *
 * @param partId  the outbound id, with {@code #n/total} when the reply went out in parts
 * @param attempt 1 for the first try of this part
 */
public record OutgoingPart(String partId, OutboundMessage message, String body, int attempt) {
}
