package dev.pulpo.orchestrator.stream;

import dev.pulpo.kafka.streams.DeadLetters;
import dev.pulpo.schemas.event.DeadLetter;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The dead letters the orchestrator's own steps write (an unknown workspace, a snapshot whose ids are too long, a
 * record that tripped a bug), with the value cut so a dead letter can never be too large to write: the whole
 * record stays on its topic, at the offset the dead letter names.
 */
final class DeadLetterValue {
    /** Characters of the record's value a dead letter keeps; far below Kafka's 1 MB default for a record. */
    static final int MAX_VALUE_CHARS = 64 * 1024;

    private DeadLetterValue() {
    }

    static DeadLetter of(String service, RecordMetadata origin, String key, String value, String reason,
            long wallClockMs) {
        if (value == null || value.length() <= MAX_VALUE_CHARS) {
            return DeadLetters.of(service, origin, key, value, reason, wallClockMs);
        }
        int end = Character.isHighSurrogate(value.charAt(MAX_VALUE_CHARS - 1)) ? MAX_VALUE_CHARS - 1 : MAX_VALUE_CHARS;
        return DeadLetters.of(service, origin, key, value.substring(0, end), reason + " (value cut to "
                + MAX_VALUE_CHARS + " of its " + value.length() + " characters; the whole record is at its offset)",
                wallClockMs);
    }
}
