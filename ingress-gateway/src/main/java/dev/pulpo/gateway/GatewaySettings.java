package dev.pulpo.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gateway's settings, bound from {@code pulpo.gateway.*} (environment: DEFAULT_WORKSPACE_ID,
 * SLM_TOTAL_TIMEOUT_MS, PULPO_SEED_DEMO_WORKSPACE).
 */
@ConfigurationProperties("pulpo.gateway")
public record GatewaySettings(String defaultWorkspaceId, Duration totalTimeout, boolean seedDemoWorkspace) {
    public GatewaySettings {
        totalTimeout = totalTimeout == null ? Duration.ofSeconds(10) : totalTimeout;
        defaultWorkspaceId = defaultWorkspaceId == null || defaultWorkspaceId.isBlank() ? null : defaultWorkspaceId;
    }
}
