package dev.pulpo.gateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Every error the gateway answers: {@code {"error": "what is wrong", "field": "where, when known"}}; a
 * timeout also names the decision it waited for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field, String decisionId) {
    /** An error may quote what the caller sent; no more than this much of it comes back. */
    static final int MAX_ERROR = 300;

    public ApiError {
        if (error != null && error.length() > MAX_ERROR) {
            int end = Character.isHighSurrogate(error.charAt(MAX_ERROR - 1)) ? MAX_ERROR - 1 : MAX_ERROR;
            error = error.substring(0, end) + "...";
        }
    }

    public static ApiError of(String error) {
        return new ApiError(error, null, null);
    }

    public static ApiError of(String error, String field) {
        return new ApiError(error, field, null);
    }
}
