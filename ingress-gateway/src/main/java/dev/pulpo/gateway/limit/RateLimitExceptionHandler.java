package dev.pulpo.gateway.limit;

import dev.pulpo.gateway.web.ApiError;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** 429 with {@code Retry-After} (whole seconds) and the gateway's JSON error, naming the limit that was hit. */
@RestControllerAdvice
class RateLimitExceptionHandler {

    @ExceptionHandler(RateLimitedException.class)
    ResponseEntity<ApiError> limited(RateLimitedException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_JSON).body(ApiError.of(e.getMessage(), e.field()));
    }
}
