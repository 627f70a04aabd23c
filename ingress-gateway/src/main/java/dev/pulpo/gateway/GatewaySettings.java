package dev.pulpo.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's settings, bound from {@code pulpo.gateway.*} (environment: DEFAULT_WORKSPACE_ID,
 * SLM_TOTAL_TIMEOUT_MS, PULPO_SEED_DEMO_WORKSPACE, PULPO_MAX_BODY_SIZE, PULPO_OUTBOUND_STATUS_VIEW_SIZE, ADMIN_TOKEN).
 *
 * @param maxBodySize            a request body above this is refused with 413, before it is read
 * @param outboundStatusViewSize how many outbound messages {@code GET /outbound/{id}/status} remembers
 * @param adminToken             the bearer token of the admin endpoints; null (unset or blank) disables them
 */
@ConfigurationProperties("pulpo.gateway")
public record GatewaySettings(String defaultWorkspaceId, Duration totalTimeout, boolean seedDemoWorkspace,
        DataSize maxBodySize, Integer outboundStatusViewSize, String adminToken) {
    public GatewaySettings {
        totalTimeout = totalTimeout == null ? Duration.ofSeconds(10) : totalTimeout;
        defaultWorkspaceId = defaultWorkspaceId == null || defaultWorkspaceId.isBlank() ? null : defaultWorkspaceId;
        maxBodySize = maxBodySize == null ? DataSize.ofKilobytes(64) : maxBodySize;
        outboundStatusViewSize = outboundStatusViewSize == null ? 10_000 : outboundStatusViewSize;
        adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken.strip();
    }

    /** Never the admin token itself, which must not reach a log. */
    @Override
    public String toString() {
        return "GatewaySettings[defaultWorkspaceId=" + defaultWorkspaceId + ", totalTimeout=" + totalTimeout
                + ", seedDemoWorkspace=" + seedDemoWorkspace + ", maxBodySize=" + maxBodySize
                + ", outboundStatusViewSize=" + outboundStatusViewSize + ", adminToken="
                + (adminToken == null ? "unset" : "***") + "]";
    }
}
