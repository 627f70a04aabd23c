package dev.pulpo.kafka.streams.errors;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;

/**
 * {@code production.exception.handler}: a record that cannot be written (too large, unserializable, refused by
 * the broker) is dropped, the record being processed goes to its source topic's {@code .dlq} with the reason, and
 * the stream goes on. A retriable error is retried, as Kafka Streams does by default.
 *
 * <p>Under exactly-once, a record the producer refuses itself poisons the transaction; {@link SizeCheckingClientSupplier}
 * refuses an oversized record before the producer sees it, so that this handler's decision holds.
 */
public class DeadLetterProductionHandler implements ProductionExceptionHandler {
    private StreamErrors errors;

    @Override
    public void configure(Map<String, ?> configs) {
        errors = StreamErrors.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
            Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        return Response.resume(errors.productionFailed(context, record, exception));
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
            SerializationExceptionOrigin origin) {
        ProducerRecord<byte[], byte[]> unwritten = new ProducerRecord<>(record.topic(), record.partition(),
                record.timestamp(), keyBytes(record.key()), null, record.headers());
        return Response.resume(errors.productionFailed(context, unwritten, exception));
    }

    private static byte[] keyBytes(Object key) {
        if (key instanceof byte[] bytes) {
            return bytes;
        }
        return key instanceof String text ? text.getBytes(java.nio.charset.StandardCharsets.UTF_8) : null;
    }
}
