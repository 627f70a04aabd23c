package dev.pulpo.gateway.web;

import dev.pulpo.gateway.kafka.BrokerUnavailableException;
import dev.pulpo.gateway.turn.DecisionTimeoutException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns every refusal into the JSON error of the spec; nothing the client sends makes a 5xx. */
@RestControllerAdvice
public class ApiExceptionHandler {
    /** Tomcat could not decode the query's or a form body's parameters (a bad {@code %} escape, say). */
    static final String INVALID_PARAMETERS = "the query or form parameters are not valid URL encoding";
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<ApiError> badRequest(BadRequestException e) {
        return json(e.status(), ApiError.of(e.getMessage(), e.field()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return json(HttpStatus.CONTENT_TOO_LARGE, ApiError.of(tooLarge.getMessage(), "body"));
            }
        }
        return json(HttpStatus.BAD_REQUEST, ApiError.of("the request body is not valid JSON for this endpoint"));
    }

    /** Thrown by Tomcat when something (an actuator endpoint, a form binding) reads a parameter it cannot decode. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ApiError> invalidParameters(InvalidParameterException e) {
        return json(HttpStatus.BAD_REQUEST, ApiError.of(INVALID_PARAMETERS));
    }

    @ExceptionHandler(DecisionTimeoutException.class)
    ResponseEntity<ApiError> timeout(DecisionTimeoutException e) {
        return json(HttpStatus.GATEWAY_TIMEOUT, new ApiError(e.getMessage(), null, e.decisionId()));
    }

    @ExceptionHandler(BrokerUnavailableException.class)
    ResponseEntity<ApiError> brokerDown(BrokerUnavailableException e) {
        log.warn("broker unavailable: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiError.of("the message broker is unavailable; retry later"));
    }

    /** Spring's own refusals (unknown path, wrong method or media type, too large): same JSON shape. */
    @ExceptionHandler({jakarta.servlet.ServletException.class, org.springframework.web.ErrorResponseException.class})
    ResponseEntity<ApiError> spring(Exception e) throws Exception {
        if (!(e instanceof ErrorResponse error)) {
            throw e;
        }
        String detail = error.getBody().getDetail();
        return ResponseEntity.status(error.getStatusCode()).headers(error.getHeaders())
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiError.of(detail == null ? error.getStatusCode().toString() : detail));
    }

    /** Always JSON, whatever the caller accepts: Twilio's webhooks, for one, expect TwiML on success only. */
    private static ResponseEntity<ApiError> json(HttpStatusCode status, ApiError error) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(error);
    }
}
