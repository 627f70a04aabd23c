package dev.pulpo.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's settings, bound from {@code pulpo.gateway.*} (environment: DEFAULT_WORKSPACE_ID,
 * SLM_TOTAL_TIMEOUT_MS, PULPO_SEED_DEMO_WORKSPACE, PULPO_MAX_BODY_SIZE, PULPO_OUTBOUND_STATUS_VIEW_SIZE).
 *
 * @param maxBodySize           a request body above this is refused with 413, before it is read
 * @param outboundStatusViewSize how many outbound messages {@code GET /outbound/{id}/status} remembers
 */
@ConfigurationProperties("pulpo.gateway")
public record GatewaySettings(String defaultWorkspaceId, Duration totalTimeout, boolean seedDemoWorkspace,
        DataSize maxBodySize, Integer outboundStatusViewSize) {
    public GatewaySettings {
        totalTimeout = totalTimeout == null ? Duration.ofSeconds(10) : totalTimeout;
        defaultWorkspaceId = defaultWorkspaceId == null || defaultWorkspaceId.isBlank() ? null : defaultWorkspaceId;
        maxBodySize = maxBodySize == null ? DataSize.ofKilobytes(64) : maxBodySize;
        outboundStatusViewSize = outboundStatusViewSize == null ? 10_000 : outboundStatusViewSize;
    }
}
