package dev.pulpo.kafka.streams.errors;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * {@code processing.exception.handler} (KIP-1033): when a processor throws, the record it was processing, as read
 * from its source topic, goes to that topic's {@code .dlq} with the reason, and the stream goes on. A punctuation
 * that throws (it has no source record) is logged, counted and runs again at its next time.
 */
public class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
    private StreamErrors errors;

    @Override
    public void configure(Map<String, ?> configs) {
        errors = StreamErrors.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        return Response.resume(errors.processingFailed(context, exception));
    }
}
