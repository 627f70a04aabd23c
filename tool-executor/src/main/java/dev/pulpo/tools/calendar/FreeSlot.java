package dev.pulpo.tools.calendar;

import java.time.LocalDate;
import java.time.LocalTime;

/** A start the calendar can offer, in the workspace's wall-clock time. */
public record FreeSlot(LocalDate date, LocalTime time) {
}
