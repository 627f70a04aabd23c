package dev.pulpo.gateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Every error the gateway answers: {@code {"error": "what is wrong", "field": "where, when known"}}; a
 * timeout also names the decision it waited for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field, String decisionId) {
    public static ApiError of(String error) {
        return new ApiError(error, null, null);
    }

    public static ApiError of(String error, String field) {
        return new ApiError(error, field, null);
    }
}
