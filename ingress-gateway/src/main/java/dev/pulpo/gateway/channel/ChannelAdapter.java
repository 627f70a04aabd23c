package dev.pulpo.gateway.channel;

import dev.pulpo.schemas.event.InboundSnapshot;

/**
 * One way in. Each (Twilio's webhook, n8n's JSON, {@code /orchestrator/decide}, {@code /chat}) has one adapter
 * that checks what the caller sends and turns it into an {@link InboundSnapshot}, the system's only input;
 * past this point nothing knows the channel except through the snapshot's {@code channel} and
 * {@code reply_via}. An adapter never blocks: it refuses with a {@link dev.pulpo.gateway.web.BadRequestException}
 * or returns the snapshot, and its endpoint, which only reads the HTTP request, hands it to
 * {@link dev.pulpo.gateway.turn.TurnGateway}.
 *
 * @param <I> what the channel sends, already read from the request
 */
public interface ChannelAdapter<I> {
    InboundSnapshot toSnapshot(I input);
}
