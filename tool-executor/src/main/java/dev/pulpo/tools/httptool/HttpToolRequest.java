package dev.pulpo.tools.httptool;

import dev.pulpo.schemas.admin.WorkspaceVariables;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request an HTTP tool's call becomes: its JSON body posted (by default) to the manifest's URL, with the
 * manifest's headers, where {@code ${NAME}} is the workspace's secret {@code NAME}: the executor's environment
 * variable {@code PULPO_SECRET_<WORKSPACE>__<NAME>} ({@link WorkspaceVariables#secret}), and no other. A secret's
 * value is only ever put in the request, never in an error, a log line or a result.
 */
final class HttpToolRequest {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    /** RFC 9110's token: what a method or a header's name may be made of. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers that say how the message is framed or routed: the client's, never the manifest's. */
    private static final Set<String> THE_CLIENTS = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "expect");

    /** What the tool receives: the arguments and where the call comes from. */
    record Body(Map<String, Object> args, String callId, String conversationId, String workspaceId, String tool,
                OffsetDateTime turnTime) {
    }

    /** The manifest cannot make a request: a header names a secret that is not set, or the URL is not one. */
    static final class Unusable extends Exception {
        Unusable(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * One call's request, ready to be sent as often as its attempts need.
     *
     * @param headers the headers to set, in order, each replacing one set before with the same name
     */
    record Prepared(URI url, String method, byte[] body, Map<String, String> headers) {

        /** A request for one attempt (a request is sent once: an attempt that runs out of time cancels its own). */
        HttpUriRequestBase newAttempt() {
            HttpUriRequestBase request = new HttpUriRequestBase(method, url);
            request.setEntity(new ByteArrayEntity(body, null));
            headers.forEach(request::setHeader);
            return request;
        }
    }

    private final JsonMapper json;
    private final SecretLookup secrets;

    HttpToolRequest(JsonMapper json, SecretLookup secrets) {
        this.json = json;
        this.secrets = secrets;
    }

    /** The request for this call, without its timeout (each attempt sets its own). */
    Prepared of(ToolCall call, ToolSpec.Http http) throws Unusable {
        URI url;
        try {
            url = new URI(http.url());
        } catch (URISyntaxException e) {
            throw new Unusable("the url of " + call.tool() + " is not a URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new Unusable("the url of " + call.tool() + " must be an absolute http or https URL");
        }
        String method = http.method().toUpperCase(Locale.ROOT);
        if (!TOKEN.matcher(method).matches()) {
            throw new Unusable("the method of " + call.tool() + " is not an HTTP method");
        }
        byte[] body = json.writeValueAsBytes(new Body(call.args(), call.callId(), call.conversationId(),
                call.workspaceId(), call.tool(), call.turnTime()));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        headers.put("User-Agent", "pulpo-tool-executor");
        for (Map.Entry<String, String> header : http.headers().entrySet()) {
            String name = header.getKey();
            if (!TOKEN.matcher(name).matches() || THE_CLIENTS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new Unusable("header " + name + " of " + call.tool() + " cannot be set");
            }
            String value = withSecrets(call.workspaceId(), name, header.getValue());
            if (!sendable(value)) {
                // Line breaks would start a header of the value's choosing; the message has no value in it.
                throw new Unusable("header " + name + " of " + call.tool() + " has a value that cannot be sent");
            }
            headers.put(name, value);
        }
        // The call id, so an API that honours it does a retried call (a retry, a replay after a crash) only once.
        headers.put("Idempotency-Key", call.callId());
        return new Prepared(url, method, body, headers);
    }

    /** No control character but a tab: nothing that could end the header's line. */
    private static boolean sendable(String value) {
        return value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c != 0x7f);
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
