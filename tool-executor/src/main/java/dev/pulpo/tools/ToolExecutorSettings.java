package dev.pulpo.tools;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * tool-executor's own settings ({@code pulpo.tool-executor.*} in {@code tool-executor.yml}).
 *
 * @param resultRetention             how long a call's result is kept to answer a retry of the same call id
 * @param retentionSweep              how often results older than that are dropped
 * @param calendarKeepPast            how long the days of the calendar are kept once they are over; older days leave
 *                                    the calendar (and its indexes) when the workspace's calendar is next written
 * @param calendarCancelledPerDay     how many cancelled appointments one day of the calendar keeps (the most recently
 *                                    booked); older cancelled ones leave it, so booking and cancelling in a loop does
 *                                    not grow the day
 * @param maxOpenBookingsPerCustomer  how many booked appointments that have not begun one customer may hold in a
 *                                    workspace; past it {@code book_appointment} answers {@code limit_reached}. 0 or
 *                                    less: no limit
 */
@ConfigurationProperties("pulpo.tool-executor")
public record ToolExecutorSettings(
        @DefaultValue("7d") Duration resultRetention,
        @DefaultValue("1h") Duration retentionSweep,
        @DefaultValue("30d") Duration calendarKeepPast,
        @DefaultValue("50") int calendarCancelledPerDay,
        @DefaultValue("3") int maxOpenBookingsPerCustomer) {

    public static final ToolExecutorSettings DEFAULT = new ToolExecutorSettings(Duration.ofDays(7), Duration.ofHours(1),
            Duration.ofDays(30), 50, 3);

    public ToolExecutorSettings withMaxOpenBookingsPerCustomer(int max) {
        return new ToolExecutorSettings(resultRetention, retentionSweep, calendarKeepPast, calendarCancelledPerDay, max);
    }
}
