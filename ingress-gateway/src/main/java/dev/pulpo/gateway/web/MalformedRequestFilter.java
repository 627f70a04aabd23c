package dev.pulpo.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses, before Spring MVC reads them, the parts of a request Tomcat lets through but Spring fails on with a
 * 500: a {@code %} escape that is not one in the path's parameters ({@code /chat;x=%}: Tomcat checks the path,
 * Spring also decodes what follows a {@code ;}), 400; and a {@code Content-Type} that is not a media type a body
 * can have (unparseable, an unknown charset, a wildcard such as {@code *}{@code /*}), 415.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class MalformedRequestFilter extends OncePerRequestFilter {
    private final JsonMapper json;

    public MalformedRequestFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!wellEscaped(request.getRequestURI())) {
            refuse(response, HttpStatus.BAD_REQUEST, ApiError.of("the URL has a % that is not an escape", "path"));
            return;
        }
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && !validContentType(contentType)) {
            refuse(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    ApiError.of("the Content-Type is not a valid media type for a request body", "Content-Type"));
            return;
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletResponse response, HttpStatus status, ApiError error) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), error);
    }

    /** Every {@code %} starts two hex digits. */
    static boolean wellEscaped(String uri) {
        for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 1)) {
            if (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0
                    || Character.digit(uri.charAt(i + 2), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    static boolean validContentType(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype() && (type.getParameter("charset") == null
                    || type.getCharset() != null);
        } catch (IllegalArgumentException e) { // InvalidMimeTypeException among them
            return false;
        }
    }
}
