package dev.pulpo.tools.calendar;

import dev.pulpo.schemas.event.Workspace;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * When a customer may book, seen from the turn's clock. "Today" is the date in the workspace's zone, whatever
 * offset {@code now} came with: 01:30Z on the 16th is still the 15th in Buenos Aires. Lead time is compared
 * as instants, so it stays right across a daylight-saving change.
 */
record BookingWindow(ZoneId zone, Instant now, Instant earliestStart, LocalDate today, LocalDate lastDay) {

    static BookingWindow of(Workspace ws, OffsetDateTime now) {
        ZoneId zone = ws.zone();
        LocalDate today = now.atZoneSameInstant(zone).toLocalDate();
        Instant earliest = now.toInstant().plusSeconds(60L * Math.max(0, ws.booking().minLeadMinutes()));
        return new BookingWindow(zone, now.toInstant(), earliest, today, today.plusDays(ws.booking().horizonDays()));
    }

    boolean isPast(LocalDate date) {
        return date.isBefore(today);
    }

    boolean isBeyondHorizon(LocalDate date) {
        return date.isAfter(lastDay);
    }

    boolean hasBegun(LocalDateTime start) {
        return !start.atZone(zone).toInstant().isAfter(now);
    }

    boolean respectsLead(LocalDateTime start) {
        return !start.atZone(zone).toInstant().isBefore(earliestStart);
    }
}
