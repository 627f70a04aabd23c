package dev.pulpo.tools.api;

import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.tools.calendar.WorkspaceCalendar;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/** What the HTTP API reads from the application's state stores. */
interface CalendarQueries {
    /** @throws InvalidStateStoreException while the store is not queryable (starting, rebalancing, restoring) */
    Optional<Workspace> workspace(String workspaceId);

    /** @throws InvalidStateStoreException while the store is not queryable (starting, rebalancing, restoring) */
    Optional<WorkspaceCalendar> calendar(String workspaceId);
}
