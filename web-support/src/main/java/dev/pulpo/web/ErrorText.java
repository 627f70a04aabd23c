package dev.pulpo.web;

import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** The text of an error answered without a better one: the status's reason phrase, in lower case. */
public final class ErrorText {
    private ErrorText() {
    }

    /** {@code 404} is {@code "not found"}; an unknown status is {@code "error 499"}. */
    public static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "error " + status : known.getReasonPhrase().toLowerCase(Locale.ROOT);
    }

    /** {@code {"error": text}}, for a writer that has no mapper at hand. */
    static Map<String, String> body(String text) {
        return Map.of("error", text);
    }
}
