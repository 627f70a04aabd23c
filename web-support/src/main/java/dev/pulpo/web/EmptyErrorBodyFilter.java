package dev.pulpo.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives a body to an error answered without one: an actuator endpoint that has nothing to show
 * ({@code /actuator/metrics/no.such.metric}) sets 404 and writes nothing, which neither {@code /error} nor
 * Tomcat's error report sees. Once the request is handled, an error status whose body was never opened gets the
 * service's JSON error.
 */
public class EmptyErrorBodyFilter extends OncePerRequestFilter {
    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Tracking tracking = new Tracking(response);
        chain.doFilter(request, tracking);
        int status = response.getStatus();
        if (status >= 400 && !tracking.opened && !response.isCommitted() && !request.isAsyncStarted()
                && response.getContentType() == null) {
            response.resetBuffer();
            response.setContentLengthLong(-1);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), ErrorText.body(ErrorText.reason(status)));
        }
    }

    /** Knows whether anything asked for the body. */
    private static final class Tracking extends HttpServletResponseWrapper {
        private boolean opened;

        Tracking(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            opened = true;
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            opened = true;
            return super.getWriter();
        }
    }
}
