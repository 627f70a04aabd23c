package dev.pulpo.kafka.streams.errors;

/**
 * Where {@link StreamErrors} counts what it handled; the auto-configuration gives it the service's Micrometer
 * registry, and without one (a test driver, a tool) nothing is counted. Keeps this package free of Micrometer.
 */
@FunctionalInterface
public interface ErrorCounters {
    /** Dead letters handed to Kafka, by dead-letter topic and the step that failed. */
    String DEAD_LETTERS = "pulpo.dead.letters";
    /** Records skipped without a dead letter: no dead-letter topic for them, or the dead letter itself failed. */
    String DEAD_LETTERS_LOST = "pulpo.dead.letters.lost";
    /** Stream threads that died and were replaced. */
    String THREADS_REPLACED = "pulpo.stream.threads.replaced";
    /** Punctuations (wall-clock checks) that failed and were skipped until their next run. */
    String PUNCTUATION_FAILURES = "pulpo.stream.punctuation.failures";

    ErrorCounters NONE = (name, tags) -> {
    };

    /** @param tags alternating tag names and values */
    void increment(String name, String... tags);

    /** Makes the counter exist at zero, so a rate sees its first increment. */
    default void register(String name, String... tags) {
    }
}
