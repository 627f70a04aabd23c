package dev.pulpo.bench;

/**
 * A system under test, already running: it takes messages by id and reports each answer's arrival to the
 * {@link Phases} it was given.
 */
interface Pipeline extends AutoCloseable {
    /** A short name for tables, e.g. {@code chain eos 100ms}. */
    String name();

    /** Sends one message without waiting for it; the message's {@code seq} in the id is its conversation's turn. */
    void send(String id, int seq);

    @Override
    void close();
}
