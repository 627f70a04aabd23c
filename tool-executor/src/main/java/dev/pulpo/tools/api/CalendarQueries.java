package dev.pulpo.tools.api;

import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.tools.calendar.CalendarDay;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/** What the HTTP API reads from the application's state stores. */
interface CalendarQueries {
    /** @throws InvalidStateStoreException while the store is not queryable (starting, rebalancing, restoring) */
    Optional<Workspace> workspace(String workspaceId);

    /**
     * The workspace's stored days from {@code from} to {@code to}, both included, in date order; a day without
     * appointments is not stored.
     *
     * @throws InvalidStateStoreException while the store is not queryable (starting, rebalancing, restoring)
     */
    List<CalendarDay> days(String workspaceId, LocalDate from, LocalDate to);
}
