package dev.pulpo.gateway.web;

import org.springframework.http.HttpStatus;

/** A request the gateway refuses, with the status, what is wrong and where. */
public class BadRequestException extends RuntimeException {
    private final HttpStatus status;
    private final String field;

    public BadRequestException(HttpStatus status, String message, String field) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static BadRequestException missing(String field) {
        return new BadRequestException(HttpStatus.BAD_REQUEST, "missing required field '" + field + "'", field);
    }

    public HttpStatus status() {
        return status;
    }

    public String field() {
        return field;
    }
}
