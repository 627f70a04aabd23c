package dev.pulpo.outbound.send;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a reply longer than Twilio's limit into messages a customer reads as whole thoughts: at the last
 * sentence end (or line break) that fits, else at the last space, and only as a last resort mid-word.
 */
public final class BodySplitter {
    /** Twilio's limit for one message body, in characters. */
    public static final int TWILIO_MAX_BODY = 1600;

    private final int limit;

    public BodySplitter() {
        this(TWILIO_MAX_BODY);
    }

    public BodySplitter(int limit) {
        if (limit < 2) {
            throw new IllegalArgumentException("a part must hold at least 2 characters, not " + limit);
        }
        this.limit = limit;
    }

    /** The parts, in order; a body within the limit is its only part. */
    public List<String> split(String body) {
        List<String> parts = new ArrayList<>();
        String rest = body;
        while (rest.length() > limit) {
            int cut = cutPoint(rest);
            String part = rest.substring(0, cut).strip();
            if (!part.isEmpty()) {
                parts.add(part);
            }
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty() || parts.isEmpty()) {
            parts.add(rest);
        }
        return List.copyOf(parts);
    }

    /** Where the first part of {@code text} (longer than the limit) ends, exclusive. */
    private int cutPoint(String text) {
        int sentence = -1;
        int word = -1;
        for (int i = 1; i <= limit && i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                word = i;
                char before = text.charAt(i - 1);
                if (c == '\n' || before == '.' || before == '!' || before == '?' || before == '…') {
                    sentence = i;
                }
            }
        }
        if (sentence > 0) {
            return sentence;
        }
        if (word > 0) {
            return word;
        }
        // One word longer than a message: cut it, but never between the two halves of a surrogate pair.
        return Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
    }
}
