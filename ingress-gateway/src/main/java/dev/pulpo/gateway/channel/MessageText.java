package dev.pulpo.gateway.channel;

import dev.pulpo.gateway.web.BadRequestException;
import java.text.Normalizer;

/**
 * A message's text, held to one limit whichever way it came in, so that no way in lets through a text that
 * another refuses. The limit is WhatsApp's, the channel with the tightest one. The text is put in Unicode NFC
 * first, and that is the text the snapshot carries: the same words typed on two keyboards are the same text
 * for the orchestrator, and the limit counts what is kept, not how the caller happened to encode it.
 */
public final class MessageText {
    /** WhatsApp's own limit on a message's text, in characters (Unicode code points) after NFC. */
    public static final int MAX_TEXT = 4096;

    private MessageText() {
    }

    /** {@code text} in NFC; 400 when it is absent or too long. {@code field} names it in the refusal. */
    public static String required(String text, String field) {
        if (text == null) {
            throw BadRequestException.missing(field);
        }
        return bounded(text, field);
    }

    /** {@code text} in NFC, which may be empty (a media-only message); 400 when it is too long. */
    public static String bounded(String text, String field) {
        return FieldLimits.atMost(Normalizer.normalize(FieldLimits.wellFormed(text, field), Normalizer.Form.NFC),
                MAX_TEXT, field);
    }
}
