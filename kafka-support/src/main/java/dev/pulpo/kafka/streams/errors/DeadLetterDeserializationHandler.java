package dev.pulpo.kafka.streams.errors;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * {@code deserialization.exception.handler}: a record whose key or value cannot be read goes to its topic's
 * {@code .dlq} with the reason, and the stream goes on (global tables and stores included).
 */
public class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private StreamErrors errors;

    @Override
    public void configure(Map<String, ?> configs) {
        errors = StreamErrors.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        return Response.resume(errors.deserializationFailed(context, record, exception));
    }
}
