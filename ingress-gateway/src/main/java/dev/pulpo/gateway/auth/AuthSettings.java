package dev.pulpo.gateway.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call the customer-facing endpoints, bound from {@code pulpo.auth.*} (environment:
 * PULPO_API_KEYS_REQUIRED).
 *
 * @param apiKeysRequired true (the default): {@code /orchestrator/decide}, {@code /chat}, {@code /ingress/messages}
 *                        and {@code /outbound/{id}/status} need a workspace's API key; false only on a machine
 *                        nobody else reaches ({@code ./pulpo up} binds to 127.0.0.1 when it sets it)
 */
@ConfigurationProperties("pulpo.auth")
public record AuthSettings(Boolean apiKeysRequired) {
    public AuthSettings {
        apiKeysRequired = apiKeysRequired == null || apiKeysRequired;
    }
}
