package dev.pulpo.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gateway's settings, bound from {@code pulpo.gateway.*} (environment: DEFAULT_WORKSPACE_ID,
 * SLM_TOTAL_TIMEOUT_MS, PULPO_SEED_DEMO_WORKSPACE, ADMIN_TOKEN).
 *
 * @param adminToken the bearer token of the admin endpoints; null (unset or blank) disables them
 */
@ConfigurationProperties("pulpo.gateway")
public record GatewaySettings(String defaultWorkspaceId, Duration totalTimeout, boolean seedDemoWorkspace,
        String adminToken) {
    public GatewaySettings {
        totalTimeout = totalTimeout == null ? Duration.ofSeconds(10) : totalTimeout;
        defaultWorkspaceId = defaultWorkspaceId == null || defaultWorkspaceId.isBlank() ? null : defaultWorkspaceId;
        adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken.strip();
    }

    /** Never the admin token itself, which must not reach a log. */
    @Override
    public String toString() {
        return "GatewaySettings[defaultWorkspaceId=" + defaultWorkspaceId + ", totalTimeout=" + totalTimeout
                + ", seedDemoWorkspace=" + seedDemoWorkspace + ", adminToken=" + (adminToken == null ? "unset" : "***")
                + "]";
    }
}
