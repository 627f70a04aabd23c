package dev.pulpo.gateway.channel;

import dev.pulpo.gateway.web.BadRequestException;
import java.text.Normalizer;
import org.springframework.http.HttpStatus;

/**
 * The limits of the short fields a caller sends into a snapshot, the same on every way in: a message id
 * (Twilio's {@code MessageSid} is one) and a profile name are at most {@value #MAX_ID} and {@value #MAX_NAME}
 * characters (Unicode code points). A value that is not well-formed Unicode (a lone surrogate, which JSON's
 * {@code \ud800} escapes can carry) is refused too: no event carries text that cannot be written as UTF-8.
 * Each refusal is a 400 naming the field and the limit.
 */
public final class FieldLimits {
    /** A channel's message id: Twilio's are 34 characters, n8n's whatever its flow makes, within reason. */
    public static final int MAX_ID = 128;
    /** A customer's display name, as WhatsApp shows it. */
    public static final int MAX_NAME = 128;

    private FieldLimits() {
    }

    /** A message id as sent (null when none), at most {@value #MAX_ID} characters. */
    public static String messageId(String value, String field) {
        return value == null ? null : atMost(wellFormed(value, field), MAX_ID, field);
    }

    /** A profile name in NFC (null when none or blank), at most {@value #MAX_NAME} characters. */
    public static String profileName(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return atMost(Normalizer.normalize(wellFormed(value, field), Normalizer.Form.NFC), MAX_NAME, field);
    }

    /** {@code value} when it has at most {@code max} code points; a 400 naming the field and the limit otherwise. */
    static String atMost(String value, int max, String field) {
        // length() counts UTF-16 units, never fewer than code points: the exact count only when it may matter.
        if (value.length() > max && value.codePointCount(0, value.length()) > max) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST,
                    "'" + field + "' is longer than " + max + " characters", field);
        }
        return value;
    }

    /** {@code value} when every surrogate in it is half of a pair; a 400 naming the field otherwise. */
    static String wellFormed(String value, String field) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new BadRequestException(HttpStatus.BAD_REQUEST,
                        "'" + field + "' is not valid Unicode (a lone surrogate at character " + i + ")", field);
            }
        }
        return value;
    }
}
