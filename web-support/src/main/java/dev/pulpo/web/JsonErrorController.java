package dev.pulpo.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /error} of a service without one of its own: every error the servlet container sends there answers
 * {@code {"error": "..."}}, whatever the caller accepts, in place of Spring Boot's whitelabel page. A 5xx says
 * nothing of its cause: the log has it.
 */
@Controller
public class JsonErrorController implements ErrorController {
    private final JsonMapper json = JsonMapper.builder().build();

    /** Written straight to the response: an error page must not fail on what made the request fail. */
    @RequestMapping("${server.error.path:${error.path:/error}}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                && code >= 400 && code <= 599 ? code : 404;
        String text = status >= 500 ? "internal error" : detail(request, status);
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ErrorText.body(text));
    }

    private static String detail(HttpServletRequest request, int status) {
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof ErrorResponse error
                && error.getBody().getDetail() != null) {
            return error.getBody().getDetail();
        }
        return request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null ? "no endpoint /error"
                : ErrorText.reason(status);
    }
}
