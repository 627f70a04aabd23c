package dev.pulpo.tools;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * tool-executor's own settings ({@code pulpo.tool-executor.*} in {@code tool-executor.yml}).
 *
 * @param resultRetention how long a call's result is kept to answer a retry of the same call id
 * @param retentionSweep  how often results older than that are dropped
 * @param calendarKeepPast how long appointments that have ended stay in a workspace's calendar; older ones are
 *                         dropped when the calendar is next written, so the stored value stays small
 */
@ConfigurationProperties("pulpo.tool-executor")
public record ToolExecutorSettings(
        @DefaultValue("7d") Duration resultRetention,
        @DefaultValue("1h") Duration retentionSweep,
        @DefaultValue("30d") Duration calendarKeepPast) {

    public static final ToolExecutorSettings DEFAULT = new ToolExecutorSettings(Duration.ofDays(7), Duration.ofHours(1),
            Duration.ofDays(30));
}
