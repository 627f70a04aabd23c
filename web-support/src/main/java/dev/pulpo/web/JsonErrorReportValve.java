package dev.pulpo.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error report, as JSON instead of its HTML page, in every service. Tomcat answers some requests itself, before any
 * filter or servlet sees them: a request line or header it cannot parse, a URL with a bad {@code %} escape, an
 * encoded {@code /} or NUL, an HTTP version it does not speak, a header too large. Its {@code ErrorReportValve}
 * writes those answers; this one writes {@code {"error": "..."}} with a fixed text per status, so nothing of
 * the request is echoed. Installed on the host by {@link TomcatJsonErrors}.
 *
 * <p>Tomcat's 505 for a version it does not speak ({@code HTTP/2.5}, {@code HTTP/11}) and its 501 for a method it
 * does not implement ({@code CONNECT}) are answered 400: they are the caller's errors, and garbage must not raise
 * the service's 5xx rate, which pages whoever is on call.
 */
public class JsonErrorReportValve extends ErrorReportValve {
    private static final int NOT_IMPLEMENTED = 501;
    private static final int HTTP_VERSION_NOT_SUPPORTED = 505;

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // As Tomcat's own: only an error, only when nothing was written, only once.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String message = message(status);
        if (status == HTTP_VERSION_NOT_SUPPORTED || status == NOT_IMPLEMENTED) {
            response.setStatus(400);
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"error\":\"" + message + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the response was committed meanwhile: nothing more to say.
        }
    }

    /** A fixed text per status: plain ASCII without quotes, so it is a JSON string as it is. */
    static String message(int status) {
        return switch (status) {
            case 400 -> "bad request: the request line, a header or the URL (or its encoding) is not valid HTTP";
            case 404 -> "not found";
            case 408 -> "request timeout";
            case 413 -> "the request is too large";
            case 414 -> "the URL is too long";
            case 431 -> "the request headers are too large";
            case NOT_IMPLEMENTED -> "bad request: a method this service does not serve";
            case HTTP_VERSION_NOT_SUPPORTED -> "HTTP version not supported: send HTTP/1.1";
            default -> ErrorText.reason(status).replace('"', '\'');
        };
    }
}
