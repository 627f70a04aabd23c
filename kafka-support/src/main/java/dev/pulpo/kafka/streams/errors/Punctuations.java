package dev.pulpo.kafka.streams.errors;

import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * Punctuators (the wall-clock checks of the processors) that survive their own failures: one that throws is
 * logged and counted ({@code pulpo_stream_punctuation_failures_total{punctuator}}) and runs again at its next
 * time, instead of failing the stream thread. Kafka Streams' own signals (a task migrated, a store closed by a
 * rebalance) still go through.
 */
public final class Punctuations {
    private Punctuations() {
    }

    /**
     * @param name the punctuator as logs and metrics name it, e.g. {@code answer-overdue-turns}
     */
    public static Punctuator guarded(ProcessingContext context, String name, Punctuator punctuator) {
        StreamErrors errors = StreamErrors.from(context.appConfigs());
        return timestamp -> {
            try {
                punctuator.punctuate(timestamp);
            } catch (RuntimeException e) {
                if (!StreamErrors.recoverable(e)) {
                    throw e;
                }
                errors.punctuationFailed(name, context.taskId(), e);
            }
        };
    }

    /**
     * For one item of a punctuation (one overdue turn, one pending send): its failure is logged and counted, and
     * the punctuation goes on with the next item.
     *
     * @return whether the step ran without failing
     */
    public static boolean step(ProcessingContext context, String name, Runnable step) {
        return step(context, name, () -> {
            step.run();
            return Boolean.TRUE;
        }).isPresent();
    }

    /** As {@link #step(ProcessingContext, String, Runnable)}, for a step with a result: empty when it failed. */
    public static <T> Optional<T> step(ProcessingContext context, String name, Supplier<T> step) {
        try {
            return Optional.of(step.get());
        } catch (RuntimeException e) {
            if (!StreamErrors.recoverable(e)) {
                throw e;
            }
            StreamErrors.from(context.appConfigs()).punctuationFailed(name, context.taskId(), e);
            return Optional.empty();
        }
    }
}
