package dev.pulpo.outbound.stream;

import dev.pulpo.kafka.streams.DeadLetters;
import dev.pulpo.outbound.send.ReplySender;
import dev.pulpo.outbound.send.SendSettings;
import dev.pulpo.schemas.Topic;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.serde.JsonSerde;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** The outbound sender's flow, top to bottom. */
@Component
public class OutboundTopology {
    public static final String SERVICE = "outbound-sender";
    /** Outbound id → the parts Twilio took (with its ids), the attempts, and how the reply ended. */
    public static final String SEND_STATE_STORE = "send-state";
    /** Conversation id → its replies waiting for their next attempt, oldest first. */
    public static final String PENDING_SENDS_STORE = "pending-sends";

    private final ReplySender sender;
    private final SendSettings settings;
    private final MeterRegistry meters;

    public OutboundTopology(ReplySender sender, SendSettings settings, MeterRegistry meters) {
        this.sender = sender;
        this.settings = settings;
        this.meters = meters;
    }

    @Autowired
    public void build(StreamsBuilder builder) {
        // 1. The sender's memory, changelogged and kept in the same transactions as what it writes.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEND_STATE_STORE),
                Serdes.String(), new JsonSerde<>(SendState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_SENDS_STORE),
                Serdes.String(), new JsonSerde<>(PendingSends.class)));

        // 2. Read the replies; one that cannot be read goes to outbound-messages.dlq with the reason.
        new DeadLetters(SERVICE).readOrDeadLetter(builder, Topics.OUTBOUND_MESSAGES)
                // 3. Send each once, in order per conversation; retries wait in pending-sends for the wall clock.
                .process(() -> new SendReplies(sender, settings, meters), Named.as("send-replies"),
                        SEND_STATE_STORE, PENDING_SENDS_STORE)
                // 4. Every attempt and outcome to outbound-status; a reply given up on to outbound-messages.dlq.
                .split(Named.as("sent-"))
                .branch((conversationId, emitted) -> emitted instanceof Emitted.Status, Branched.withConsumer(
                        s -> write(s, Topics.OUTBOUND_STATUS, e -> ((Emitted.Status) e).status()), "status"))
                .defaultBranch(Branched.withConsumer(
                        s -> write(s, Topics.OUTBOUND_MESSAGES.dlq(), e -> ((Emitted.GivenUp) e).deadLetter()),
                        "given-up"));
    }

    private static <V> void write(KStream<String, Emitted> stream, Topic<String, V> topic,
            Function<Emitted, V> unwrap) {
        stream.mapValues(unwrap::apply, Named.as("unwrap-sent-" + topic.name()))
                .to(topic.name(), Produced.with(topic.keySerde(), topic.valueSerde())
                        .withName("send-result-to-" + topic.name()));
    }
}
