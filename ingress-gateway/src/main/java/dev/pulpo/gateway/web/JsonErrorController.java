package dev.pulpo.gateway.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /error}, where the servlet container sends every error that did not pass through
 * {@link ApiExceptionHandler}: an exception thrown in a filter, a {@code sendError} of Tomcat's or of a filter,
 * Tomcat's own refusals of a parameter. It answers the gateway's JSON error, whatever the caller accepts,
 * in place of Spring Boot's {@code BasicErrorController} (its own JSON shape, or a whitelabel HTML page for a
 * browser). A 5xx says nothing of its cause: the log has it.
 */
@RestController
public class JsonErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<ApiError> error(HttpServletRequest request) {
        if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)) {
            // Asked for directly: not an endpoint.
            return json(HttpStatus.NOT_FOUND, "no endpoint " + request.getRequestURI());
        }
        HttpStatusCode status = code >= 400 && code <= 599 ? HttpStatusCode.valueOf(code)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        return json(status, message(status, request));
    }

    static String message(HttpStatusCode status, HttpServletRequest request) {
        Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        for (Throwable t = thrown instanceof Throwable throwable ? throwable : null; t != null; t = t.getCause()) {
            if (t instanceof InvalidParameterException) {
                return ApiExceptionHandler.INVALID_PARAMETERS;
            }
            if (t instanceof ErrorResponse error && error.getBody().getDetail() != null && !status.is5xxServerError()) {
                return error.getBody().getDetail();
            }
            if (t == t.getCause()) {
                break;
            }
        }
        if (status.is5xxServerError()) {
            return "internal error";
        }
        return reason(status.value());
    }

    /** The status's reason phrase, in lower case, as the gateway's other errors read. */
    static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "error " + status : known.getReasonPhrase().toLowerCase(java.util.Locale.ROOT);
    }

    private static ResponseEntity<ApiError> json(HttpStatusCode status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(ApiError.of(message));
    }
}
