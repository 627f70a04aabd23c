package dev.pulpo.gateway.admin;

import dev.pulpo.gateway.web.ApiError;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The admin API's own refusals, in the gateway's JSON error shape, whatever the caller accepts. */
@RestControllerAdvice
class AdminExceptionHandler {

    /** {@code {"error": "invalid workspace", "errors": ["$.timezone: ...", ...]}} */
    record ValidationErrors(String error, List<String> errors) {
    }

    @ExceptionHandler(AdminAccessException.class)
    ResponseEntity<ApiError> access(AdminAccessException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e.status() == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pulpo-admin\"");
        }
        return response.contentType(MediaType.APPLICATION_JSON).body(ApiError.of(e.getMessage()));
    }

    @ExceptionHandler(InvalidWorkspaceException.class)
    ResponseEntity<ValidationErrors> invalid(InvalidWorkspaceException e) {
        return ResponseEntity.status(422).contentType(MediaType.APPLICATION_JSON)
                .body(new ValidationErrors(e.getMessage(), e.errors()));
    }
}
