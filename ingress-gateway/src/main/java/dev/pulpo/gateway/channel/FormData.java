package dev.pulpo.gateway.channel;

import dev.pulpo.gateway.web.BadRequestException;
import dev.pulpo.gateway.web.BodyTooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * {@code application/x-www-form-urlencoded} pairs, as Twilio posts them. The body is read here rather
 * than through {@code getParameter}, which would mix the query's parameters with the body's: Twilio signs
 * the URL (query included) followed by the body's parameters only. A name given twice keeps its first value.
 */
public final class FormData {
    private FormData() {
    }

    /** The body's parameters; the body is bounded by the gateway's max body size. */
    public static Map<String, String> body(HttpServletRequest request) {
        try {
            byte[] bytes = request.getInputStream().readAllBytes();
            return parse(new String(bytes, StandardCharsets.UTF_8), "body");
        } catch (BodyTooLargeException e) {
            throw new BadRequestException(HttpStatus.CONTENT_TOO_LARGE, e.getMessage(), "body");
        } catch (IOException e) {
            // A body that breaks its own framing (a bad chunk, a length that lies) or a caller that went away.
            throw new BadRequestException(HttpStatus.BAD_REQUEST, "the request body could not be read", "body");
        }
    }

    /** The query string's parameters. */
    public static Map<String, String> query(HttpServletRequest request) {
        return parse(request.getQueryString(), "query");
    }

    static Map<String, String> parse(String encoded, String where) {
        if (encoded == null || encoded.isEmpty()) {
            return Map.of();
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), where);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), where);
            pairs.putIfAbsent(name, value);
        }
        return Collections.unmodifiableMap(pairs);
    }

    private static String decode(String raw, String where) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST,
                    "the " + where + " is not valid form encoding: " + e.getMessage(), where);
        }
    }
}
