package dev.pulpo.gateway.web;

import dev.pulpo.web.ErrorText;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's {@code /error} (in place of web-support's plainer one), where the servlet container sends every error that did not pass through
 * {@link ApiExceptionHandler}: an exception thrown in a filter, a {@code sendError} of Tomcat's or of a filter,
 * Tomcat's own refusals of a parameter. It answers the gateway's JSON error, whatever the caller accepts,
 * in place of Spring Boot's {@code BasicErrorController} (its own JSON shape, or a whitelabel HTML page for a
 * browser). A 5xx says nothing of its cause: the log has it.
 */
@Controller
public class GatewayErrorController implements ErrorController {
    private final JsonMapper json;

    public GatewayErrorController(JsonMapper json) {
        this.json = json;
    }

    /**
     * Written straight to the response, past Spring MVC's content negotiation and return value handling: an error
     * page must not fail on what made the request fail (an Accept nothing matches, a URL it cannot decode).
     */
    @RequestMapping("${server.error.path:${error.path:/error}}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)) {
            // Asked for directly: not an endpoint.
            write(response, HttpStatus.NOT_FOUND, ApiError.of("no endpoint /error"));
            return;
        }
        Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        for (Throwable t = thrown instanceof Throwable throwable ? throwable : null; t != null && t != t.getCause();
                t = t.getCause()) {
            // A refusal whose own answer could not be written (the connection broke while the body was read):
            // still the caller's error, never a 500.
            if (t instanceof BadRequestException refused) {
                write(response, refused.status(), ApiError.of(refused.getMessage(), refused.field()));
                return;
            }
            if (t instanceof HttpMessageNotReadableException) {
                write(response, HttpStatus.BAD_REQUEST, ApiError.of("the request body could not be read", "body"));
                return;
            }
        }
        HttpStatusCode status = code >= 400 && code <= 599 ? HttpStatusCode.valueOf(code)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        write(response, status, ApiError.of(message(status, request)));
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
        return ErrorText.reason(status.value());
    }


    private void write(HttpServletResponse response, HttpStatusCode status, ApiError error) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), error);
    }
}
