package dev.pulpo.schemas.event;

import java.time.OffsetDateTime;

/**
 * A record that could not be processed, kept whole with the reason, on the source topic's {@code .dlq}.
 *
 * @param value the original value as text (UTF-8), so an operator can read and replay it
 */
public record DeadLetter(
        int schemaVersion,
        String sourceTopic,
        int partition,
        long offset,
        String key,
        String value,
        String reason,
        String service,
        OffsetDateTime failedAt) {

    public static final int VERSION = 1;

    public DeadLetter {
        Require.text(sourceTopic, "source_topic");
        Require.text(reason, "reason");
        Require.present(failedAt, "failed_at");
    }
}
