package dev.pulpo.gateway.admin;

import org.springframework.http.HttpStatus;

/** A request to an admin endpoint without the right to it: 401 (no or wrong token) or 403 (no token configured: the API is closed to everyone). */
public class AdminAccessException extends RuntimeException {
    private final HttpStatus status;

    public AdminAccessException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
