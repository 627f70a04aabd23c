package dev.pulpo.outbound.send;

import java.time.Duration;

/** What became of one attempt to send one part. */
public sealed interface SendResult {

    /** Twilio took the part ({@code status} is its answer, e.g. {@code queued}), or the dry run printed it. */
    record Accepted(String providerId, String status) implements SendResult {
    }

    /**
     * The part did not go out, and may on a later attempt: 429, 5xx, or no answer in time.
     *
     * @param retryAfter the delay Twilio asked for ({@code Retry-After}), or null
     */
    record Retryable(String reason, Duration retryAfter) implements SendResult {
    }

    /** Twilio refused the part and would refuse it again (400, 401, 403, 404, 21211-style errors). */
    record Rejected(String reason) implements SendResult {
    }
}
