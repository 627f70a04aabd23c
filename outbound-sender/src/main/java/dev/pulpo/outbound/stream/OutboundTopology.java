package dev.pulpo.outbound.stream;

import dev.pulpo.outbound.send.DryRunSender;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.OutboundMessage;
import dev.pulpo.schemas.event.OutboundStatus;
import dev.pulpo.schemas.streams.DeadLetters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** The outbound sender's flow, top to bottom. */
@Component
public class OutboundTopology {
    public static final String SERVICE = "outbound-sender";

    private final DryRunSender sender;

    public OutboundTopology(DryRunSender sender) {
        this.sender = sender;
    }

    @Autowired
    public void build(StreamsBuilder builder) {
        // 1. Read the replies; one that cannot be read goes to outbound-messages.dlq with the reason.
        new DeadLetters(SERVICE).readOrDeadLetter(builder, Topics.OUTBOUND_MESSAGES)
                // 2. Send it (until Twilio is wired in: print it) and record the outcome.
                .processValues(() -> new Send(sender), Named.as("send-reply"))
                .to(Topics.OUTBOUND_STATUS.name(), Produced.with(Topics.OUTBOUND_STATUS.keySerde(),
                        Topics.OUTBOUND_STATUS.valueSerde()).withName("write-outbound-status"));
    }

    private static final class Send implements FixedKeyProcessor<String, OutboundMessage, OutboundStatus> {
        private final DryRunSender sender;
        private FixedKeyProcessorContext<String, OutboundStatus> context;

        Send(DryRunSender sender) {
            this.sender = sender;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, OutboundStatus> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, OutboundMessage> record) {
            context.forward(record.withValue(sender.send(record.value(), context.currentSystemTimeMs())));
        }
    }
}
