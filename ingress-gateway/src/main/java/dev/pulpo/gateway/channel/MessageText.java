package dev.pulpo.gateway.channel;

import dev.pulpo.gateway.web.BadRequestException;
import org.springframework.http.HttpStatus;

/**
 * A message's text, held to one limit whichever way it came in, so that no way in lets through a text that
 * another refuses. The limit is WhatsApp's, the channel with the tightest one.
 */
public final class MessageText {
    /** WhatsApp's own limit on a message's text. */
    private static final int MAX_TEXT = 4096;

    private MessageText() {
    }

    /** {@code text}; 400 when it is absent, 413 when it is too long. {@code field} names it in the refusal. */
    public static String required(String text, String field) {
        if (text == null) {
            throw BadRequestException.missing(field);
        }
        return bounded(text, field);
    }

    /** {@code text}, which may be empty (a media-only message); 413 when it is too long. */
    public static String bounded(String text, String field) {
        if (text.length() > MAX_TEXT) {
            throw new BadRequestException(HttpStatus.CONTENT_TOO_LARGE,
                    "'" + field + "' is longer than " + MAX_TEXT + " characters", field);
        }
        return text;
    }
}
