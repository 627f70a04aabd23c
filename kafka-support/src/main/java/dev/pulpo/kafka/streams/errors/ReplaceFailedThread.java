package dev.pulpo.kafka.streams.errors;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * A stream thread that dies (an exception no handler took, an {@link Error}) is replaced by a new one, which
 * takes its tasks from their last commit; it is counted ({@code pulpo_stream_threads_replaced_total}) and logged
 * once. The global thread cannot be replaced: Kafka Streams stops the client then, and health says so.
 */
public class ReplaceFailedThread implements StreamsUncaughtExceptionHandler {
    private final StreamErrors errors;

    public ReplaceFailedThread(StreamErrors errors) {
        this.errors = errors;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        errors.threadFailed(exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
