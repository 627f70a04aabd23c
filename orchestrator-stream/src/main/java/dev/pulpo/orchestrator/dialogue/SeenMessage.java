package dev.pulpo.orchestrator.dialogue;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * A channel message id a conversation has seen, for dedupe, and when (the turn's clock).
 *
 * @param id the message id as its dedupe key ({@link #keyOf}): short enough to keep as it came, or its hash
 * @param at the {@code received_at} of the message; null for an id remembered before ids had a time (kept until
 *           newer ids push it out)
 */
public record SeenMessage(String id, OffsetDateTime at) {
    /** Ids up to this long, of printable ASCII, are kept as they came (Twilio's are 34 characters). */
    static final int VERBATIM_MAX_CHARS = 64;
    static final String HASHED = "sha256:";

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public SeenMessage {
    }

    /** A message id as states before time-bounded dedupe kept it: a plain string, newest last. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static SeenMessage remembered(String messageId) {
        return new SeenMessage(keyOf(messageId), null);
    }

    /**
     * A message id as the state keeps it: as it came when it is at most {@value #VERBATIM_MAX_CHARS} printable
     * ASCII characters (and does not start like a hash), else {@code sha256:} and the SHA-256 of its UTF-8 in hex
     * (71 characters). Two different ids never get the same key, short of a SHA-256 collision.
     */
    public static String keyOf(String messageId) {
        if (messageId == null) {
            return null;
        }
        if (messageId.length() <= VERBATIM_MAX_CHARS && !messageId.isEmpty() && !messageId.startsWith(HASHED)
                && messageId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return messageId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(messageId.getBytes(StandardCharsets.UTF_8));
            return HASHED + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
