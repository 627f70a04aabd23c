package dev.pulpo.gateway.web;

import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/** Customer numbers arrive as E.164, sometimes with Twilio's {@code whatsapp:} prefix. */
public final class Phones {
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

    /** A phone number inside free text (Twilio's errors quote the number they could not reach). */
    private static final Pattern IN_TEXT = Pattern.compile("(?:whatsapp:)?\\+\\d[\\d ().-]{5,}(\\d{3})");

    private Phones() {
    }

    /** The text with every phone number in it reduced to its last three digits: {@code +***001}. */
    public static String redact(String text) {
        return text == null ? null : IN_TEXT.matcher(text).replaceAll("+***$1");
    }

    public static String requireE164(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            throw BadRequestException.missing(field);
        }
        String phone = raw.trim().replaceFirst("^whatsapp:", "").replace(" ", "");
        if (!E164.matcher(phone).matches()) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST,
                    "'" + field + "' must be an E.164 phone number such as +5491155550001", field);
        }
        return phone;
    }
}
