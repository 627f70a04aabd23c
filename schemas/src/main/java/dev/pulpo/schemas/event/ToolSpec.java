package dev.pulpo.schemas.event;

import java.util.Map;

/**
 * One tool of a workspace's manifest: what the policy checks a call against and how the executor runs it.
 *
 * @param kind       {@code builtin} (run by tool-executor itself) or {@code http} (JSON posted to a URL)
 * @param argsSchema a JSON Schema (draft 2020-12) the call's arguments must validate against
 * @param timeoutMs  how long one attempt may take (5000 when absent)
 * @param idempotent whether a failed attempt may be retried (false when absent)
 * @param http       where an {@code http} tool lives; null for built-in tools
 */
public record ToolSpec(
        String name,
        String description,
        String kind,
        Map<String, Object> argsSchema,
        Integer timeoutMs,
        Boolean idempotent,
        Http http) {

    public static final String BUILTIN = "builtin";
    public static final String HTTP = "http";

    public ToolSpec {
        Require.text(name, "tools[].name");
        kind = kind == null ? BUILTIN : kind;
        argsSchema = argsSchema == null ? Map.of("type", "object") : argsSchema;
        // Boxed so that a manifest that leaves them out (or sends null) gets the defaults instead of a parse error.
        timeoutMs = timeoutMs == null || timeoutMs <= 0 ? 5000 : timeoutMs;
        idempotent = idempotent != null && idempotent;
    }

    /**
     * An HTTP tool's endpoint. Header values may name one of the workspace's secrets as {@code ${NAME}}: the
     * executor's environment variable {@code PULPO_SECRET_<WORKSPACE>__<NAME>}
     * ({@link dev.pulpo.schemas.admin.WorkspaceVariables}), never on a topic. Internal hosts are refused unless the
     * operator allows them for the workspace.
     */
    public record Http(String url, String method, Map<String, String> headers) {
        public Http {
            Require.text(url, "tools[].http.url");
            method = method == null ? "POST" : method;
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }
    }
}
