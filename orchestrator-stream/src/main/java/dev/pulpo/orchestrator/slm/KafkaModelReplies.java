package dev.pulpo.orchestrator.slm;

import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.ModelReply;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes model answers to {@code model-replies} with an idempotent producer of its own: the worker's threads
 * are not the stream's, so they cannot use its transactional one. A lost answer costs a fallback at the turn's
 * deadline, never a lost turn.
 */
public class KafkaModelReplies implements ModelReplySink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaModelReplies.class);

    private final KafkaProducer<String, ModelReply> producer;

    public KafkaModelReplies(Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // An answer is only worth anything while its turn waits for it.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "orchestrator-model-replies");
        this.producer = new KafkaProducer<>(props, Topics.MODEL_REPLIES.keySerde().serializer(),
                Topics.MODEL_REPLIES.valueSerde().serializer());
    }

    @Override
    public void deliver(ModelReply reply) {
        producer.send(new ProducerRecord<>(Topics.MODEL_REPLIES.name(), reply.conversationId(), reply), (meta, e) -> {
            if (e != null) {
                log.warn("model reply not written request_id={} conversation={} error=\"{}\"", reply.requestId(),
                        ConversationId.masked(reply.conversationId()), e.toString());
            }
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
