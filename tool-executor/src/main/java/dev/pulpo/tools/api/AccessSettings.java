package dev.pulpo.tools.api;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may read a workspace's appointments, bound from {@code pulpo.access.*} (environment: ADMIN_TOKEN,
 * PULPO_API_KEYS_REQUIRED), the same settings as the gateway's.
 *
 * @param adminToken      the operator's bearer token, which reads every workspace; null when unset
 * @param apiKeysRequired false only on a machine nobody else reaches: a request without credentials is then let in
 */
@ConfigurationProperties("pulpo.access")
public record AccessSettings(String adminToken, Boolean apiKeysRequired) {
    public AccessSettings {
        adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken.strip();
        apiKeysRequired = apiKeysRequired == null || apiKeysRequired;
    }

    @Override
    public String toString() {
        return "AccessSettings[adminToken=" + (adminToken == null ? "unset" : "***") + ", apiKeysRequired="
                + apiKeysRequired + "]";
    }
}
