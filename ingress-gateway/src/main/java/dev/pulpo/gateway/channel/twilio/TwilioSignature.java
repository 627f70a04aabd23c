package dev.pulpo.gateway.channel.twilio;

import com.twilio.security.RequestValidator;
import dev.pulpo.gateway.web.BadRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Checks {@code X-Twilio-Signature} with Twilio's own {@link RequestValidator}: an HMAC-SHA1 of the URL
 * Twilio called (query included) followed by the body's parameters sorted by name. The URL is the public
 * one, {@code PUBLIC_BASE_URL} plus the request's path and query, so the check holds behind a proxy.
 * A request that fails it is refused with 403 before anything is written.
 */
@Component
public class TwilioSignature {
    public static final String HEADER = "X-Twilio-Signature";
    private static final Logger log = LoggerFactory.getLogger(TwilioSignature.class);
    /** With the check off, every this many requests the log says so again. */
    private static final long WARN_EVERY = 100;

    private final TwilioSettings settings;
    private final RequestValidator validator;
    private final AtomicLong unchecked = new AtomicLong();

    public TwilioSignature(TwilioSettings settings) {
        this.settings = settings;
        this.validator = settings.authToken() == null ? null : new RequestValidator(settings.authToken());
        if (!settings.signatureCheck()) {
            log.warn("Twilio signature check is OFF (PULPO_TWILIO_SIGNATURE_CHECK=false): anyone can post as Twilio; "
                    + "for local use only");
        } else if (validator == null) {
            log.warn("TWILIO_AUTH_TOKEN is not set: Twilio webhooks will be refused with 403 "
                    + "(set it, or PULPO_TWILIO_SIGNATURE_CHECK=false for local use only)");
        } else if (settings.publicBaseUrl() == null) {
            log.info("PUBLIC_BASE_URL is not set: Twilio signatures are checked against the URL requests reach the "
                    + "gateway with, which is wrong behind a proxy");
        }
    }

    /** Returns when the request is Twilio's (or the check is off); throws a 403 otherwise. */
    public void verify(HttpServletRequest request, Map<String, String> form) {
        if (!settings.signatureCheck()) {
            long n = unchecked.getAndIncrement();
            if (n % WARN_EVERY == 0) {
                log.warn("Twilio webhook accepted WITHOUT a signature check ({} so far; PULPO_TWILIO_SIGNATURE_CHECK=false)",
                        n + 1);
            }
            return;
        }
        String signature = request.getHeader(HEADER);
        if (signature == null || signature.isBlank()) {
            throw refused("missing " + HEADER, request);
        }
        if (validator == null) {
            throw refused(HEADER + " cannot be checked without TWILIO_AUTH_TOKEN", request);
        }
        if (!validator.validate(publicUrl(request), form, signature.strip())) {
            throw refused("invalid " + HEADER, request);
        }
    }

    /** The URL Twilio called, as it signed it. */
    String publicUrl(HttpServletRequest request) {
        String base = settings.publicBaseUrl() != null ? settings.publicBaseUrl() + request.getRequestURI()
                : request.getRequestURL().toString();
        String query = request.getQueryString();
        return query == null ? base : base + "?" + query;
    }

    private BadRequestException refused(String why, HttpServletRequest request) {
        // The path only: a status callback's query holds a conversation id, and with it a phone number.
        log.warn("Twilio webhook refused: {} url={}{}", why,
                settings.publicBaseUrl() != null ? settings.publicBaseUrl() : "", request.getRequestURI());
        return new BadRequestException(HttpStatus.FORBIDDEN, why, HEADER);
    }
}
