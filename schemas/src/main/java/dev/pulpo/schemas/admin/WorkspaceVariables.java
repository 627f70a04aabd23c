package dev.pulpo.schemas.admin;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The names of the environment variables an operator sets on tool-executor for one workspace: the secrets its HTTP
 * tools' headers name, and the internal hosts those tools may call. A workspace only ever reaches variables under
 * its own {@link #key key}, so it cannot send another workspace's secret, nor any other variable of the process.
 *
 * <p>The key is the workspace id upper-cased, each run of characters other than {@code A-Z} and {@code 0-9} written
 * as one {@code _}: {@code salon-centro} is {@code SALON_CENTRO}. A secret is {@code PULPO_SECRET_<KEY>__<NAME>}:
 * since a key never holds {@code __} and a name starts with a letter, the double underscore tells where the key ends,
 * so workspace {@code salon}'s {@code ${CENTRO__TOKEN}} can never be workspace {@code salon-centro}'s
 * {@code ${TOKEN}}. Two ids with the same key (differing only in case or punctuation) would share their variables:
 * {@link WorkspaceValidator} refuses the second one.
 */
public final class WorkspaceVariables {
    /** What every secret's variable starts with. */
    public static final String SECRET_PREFIX = "PULPO_SECRET_";
    /** What the variable with a workspace's allowed internal hosts starts with; the workspace's key follows. */
    public static final String ALLOWED_HOSTS_PREFIX = "PULPO_HTTP_TOOL_ALLOWED_HOSTS_";

    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^A-Z0-9]+");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private WorkspaceVariables() {
    }

    /** The workspace's part of its variables' names: {@code salon-centro} is {@code SALON_CENTRO}. */
    public static String key(String workspaceId) {
        return NOT_ALPHANUMERIC.matcher(workspaceId.toUpperCase(Locale.ROOT)).replaceAll("_");
    }

    /** Whether {@code ${name}} may name a secret: a letter, then letters, digits and {@code _}. */
    public static boolean isSecretName(String name) {
        return name != null && SECRET_NAME.matcher(name).matches();
    }

    /**
     * The variable holding the workspace's secret {@code name}: {@code PULPO_SECRET_<KEY>__<NAME>}.
     *
     * @throws IllegalArgumentException when {@code name} is not a {@link #isSecretName secret name}
     */
    public static String secret(String workspaceId, String name) {
        if (!isSecretName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a secret name");
        }
        return SECRET_PREFIX + key(workspaceId) + "__" + name;
    }

    /** The variable listing the hosts the workspace's HTTP tools may call though they are internal. */
    public static String allowedHosts(String workspaceId) {
        return ALLOWED_HOSTS_PREFIX + key(workspaceId);
    }
}
