package dev.pulpo.tools.httptool;

import dev.pulpo.schemas.admin.WorkspaceVariables;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolSpec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request an HTTP tool's call becomes: its JSON body posted (by default) to the manifest's URL, with the
 * manifest's headers, where {@code ${NAME}} is the workspace's secret {@code NAME}: the executor's environment
 * variable {@code PULPO_SECRET_<WORKSPACE>__<NAME>} ({@link WorkspaceVariables#secret}), and no other. A secret's
 * value is only ever put in the request, never in an error, a log line or a result.
 */
final class HttpToolRequest {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    /** What the tool receives: the arguments and where the call comes from. */
    record Body(Map<String, Object> args, String callId, String conversationId, String workspaceId, String tool,
                OffsetDateTime turnTime) {
    }

    /** The manifest cannot make a request: a header names a variable that is not set, or the URL is not one. */
    static final class Unusable extends Exception {
        Unusable(String reason) {
            super(reason, null, false, false);
        }
    }

    private final JsonMapper json;
    private final SecretLookup secrets;

    HttpToolRequest(JsonMapper json, SecretLookup secrets) {
        this.json = json;
        this.secrets = secrets;
    }

    /** The request for this call, without its timeout (each attempt sets its own). */
    HttpRequest.Builder of(ToolCall call, ToolSpec.Http http) throws Unusable {
        URI url;
        try {
            url = URI.create(http.url());
        } catch (IllegalArgumentException e) {
            throw new Unusable("the url of " + call.tool() + " is not a URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new Unusable("the url of " + call.tool() + " must be an absolute http or https URL");
        }
        byte[] body = json.writeValueAsBytes(new Body(call.args(), call.callId(), call.conversationId(),
                call.workspaceId(), call.tool(), call.turnTime()));
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .method(http.method().toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", "pulpo-tool-executor");
        for (Map.Entry<String, String> header : http.headers().entrySet()) {
            try {
                request.setHeader(header.getKey(), withSecrets(call.workspaceId(), header.getKey(), header.getValue()));
            } catch (IllegalArgumentException e) {
                // Host, Content-Length, Connection... are the client's; the message has no value in it.
                throw new Unusable("header " + header.getKey() + " of " + call.tool() + " cannot be set");
            }
        }
        return request;
    }

    /** The header's value with every {@code ${NAME}} replaced by the workspace's secret {@code NAME}. */
    private String withSecrets(String workspaceId, String header, String value) throws Unusable {
        Matcher variables = VARIABLE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (variables.find()) {
            String name = variables.group(1);
            if (!WorkspaceVariables.isSecretName(name)) {
                throw new Unusable("header " + header + " names secret '" + name
                        + "'; a secret's name is a letter, then letters, digits and _");
            }
            String variable = WorkspaceVariables.secret(workspaceId, name);
            Optional<String> secret = secrets.value(variable);
            if (secret.isEmpty()) {
                throw new Unusable("header " + header + " needs secret " + name + ": environment variable "
                        + variable + " is not set");
            }
            variables.appendReplacement(resolved, Matcher.quoteReplacement(secret.get()));
        }
        variables.appendTail(resolved);
        return resolved.toString();
    }
}
