package dev.pulpo.gateway.auth;

import dev.pulpo.gateway.web.BadRequestException;
import org.springframework.http.HttpStatus;

/**
 * Who sends a request to a customer-facing endpoint: the holder of a key bound to one workspace, or, where keys
 * are not required ({@code PULPO_API_KEYS_REQUIRED=false}, a laptop), an unbound caller that may name any.
 *
 * @param keyId       the key's id, or null for an unbound caller
 * @param workspaceId the only workspace the caller may act for, or null for an unbound caller
 */
public record Caller(String keyId, String workspaceId) {
    /** The request attribute that carries the caller from {@link ApiKeyInterceptor} to the endpoint. */
    public static final String ATTRIBUTE = "pulpo.caller";

    public static Caller unbound() {
        return new Caller(null, null);
    }

    public boolean bound() {
        return workspaceId != null;
    }

    /**
     * The workspace the caller names, else its key's own; 403 when the key is another workspace's.
     *
     * @param requested the workspace named in the request (header, body), or null
     * @param field     where the request named it
     */
    public String workspaceFor(String requested, String field) {
        boolean named = requested != null && !requested.isBlank();
        if (!bound()) {
            return named ? requested : null;
        }
        if (named && !requested.equals(workspaceId)) {
            throw new BadRequestException(HttpStatus.FORBIDDEN,
                    "this API key is not valid for workspace " + requested, field);
        }
        return workspaceId;
    }

    /** 403 unless the caller may act for {@code workspace}, which the request named at {@code field}. */
    public void requireAccessTo(String workspace, String field) {
        if (bound() && !workspaceId.equals(workspace)) {
            throw new BadRequestException(HttpStatus.FORBIDDEN,
                    "this API key is not valid for workspace " + workspace, field);
        }
    }
}
