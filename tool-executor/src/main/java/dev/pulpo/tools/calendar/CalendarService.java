package dev.pulpo.tools.calendar;

import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.schemas.event.Workspace.Service;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The calendar's decisions, as pure functions: a workspace, a view of its calendar and the turn's clock in, an
 * outcome out. Nothing here reads the wall clock or writes; a change is the changed {@link Appointment} inside the
 * outcome, for the caller to store. Because one writer owns each workspace's calendar, checking a slot and
 * taking it in one call is atomic.
 *
 * <p>Each change carries the tool call's id, so a retried call is answered with what it already did.
 */
public final class CalendarService {

    /** How many alternatives a "not free" answer offers. */
    public static final int NEAREST_LIMIT = 5;
    /** {@code PULPO_MAX_OPEN_BOOKINGS_PER_CUSTOMER}'s default. */
    public static final int DEFAULT_MAX_OPEN_BOOKINGS = 3;

    private final int maxOpenBookingsPerCustomer;

    /** With the default limit of open bookings per customer. */
    public CalendarService() {
        this(DEFAULT_MAX_OPEN_BOOKINGS);
    }

    /**
     * @param maxOpenBookingsPerCustomer how many booked appointments that have not begun one customer may hold; a new
     *                                   booking past it is {@link LimitReached}. 0 or less: no limit
     */
    public CalendarService(int maxOpenBookingsPerCustomer) {
        this.maxOpenBookingsPerCustomer = maxOpenBookingsPerCustomer;
    }

    public AvailabilityOutcome availability(Workspace ws, CalendarView cal, String service, LocalDate date,
                                            Optional<LocalTime> time, OffsetDateTime now) {
        requireSameWorkspace(ws, cal);
        Optional<Service> found = resolve(ws, service);
        if (found.isEmpty()) {
            return new Rejected(Reason.UNKNOWN_SERVICE);
        }
        Service svc = found.get();
        if (svc.durationMinutes() <= 0) {
            return new Rejected(Reason.SERVICE_NOT_BOOKABLE);
        }
        SlotFinder finder = finder(ws, cal, Duration.ofMinutes(svc.durationMinutes()), now);
        List<LocalTime> free = finder.freeTimes(date);
        if (time.isEmpty()) {
            Optional<Reason> why = free.isEmpty() ? Optional.of(finder.whyDayIsFull(date)) : Optional.empty();
            return new DayAvailability(svc.name(), date, free, time, why, List.of());
        }
        Optional<Reason> why = finder.whyNotFree(date, time.get());
        List<FreeSlot> nearest = why.isPresent() ? finder.nearest(date, time.get(), NEAREST_LIMIT) : List.of();
        return new DayAvailability(svc.name(), date, free, time, why, nearest);
    }

    /**
     * Reserves the start when it is free. The booking id derives from {@code callId}: a retried call returns the
     * booking it made. A new call id is a new booking, even for the same customer, service and start: a customer
     * may book two chairs (for a daughter, say), up to the limit of open bookings. Idempotency is by call id only.
     */
    public BookingOutcome book(Workspace ws, CalendarView cal, String callId, String conversationId,
                               String service, LocalDate date, LocalTime time, OffsetDateTime now) {
        requireSameWorkspace(ws, cal);
        requireCustomerOf(ws, conversationId);
        String bookingId = BookingIds.fromCall(ws.workspaceId(), callId);
        Optional<Appointment> retried = cal.find(bookingId);
        if (retried.isPresent()) {
            // A call id reused by another customer must not hand them, or overwrite, someone else's booking.
            return retried.get().ownedBy(conversationId) ? new Booked(retried.get()) : new Rejected(Reason.NOT_YOUR_BOOKING);
        }
        Optional<Service> found = resolve(ws, service);
        if (found.isEmpty()) {
            return new Rejected(Reason.UNKNOWN_SERVICE);
        }
        Service svc = found.get();
        if (svc.durationMinutes() <= 0) {
            return new Rejected(Reason.SERVICE_NOT_BOOKABLE);
        }
        if (maxOpenBookingsPerCustomer > 0
                && upcomingOf(cal, conversationId, BookingWindow.of(ws, now)).count() >= maxOpenBookingsPerCustomer) {
            return new LimitReached(maxOpenBookingsPerCustomer);
        }
        LocalDateTime start = date.atTime(time);
        Duration length = Duration.ofMinutes(svc.durationMinutes());
        SlotFinder finder = finder(ws, cal, length, now);
        Optional<Reason> why = finder.whyNotFree(date, time);
        if (why.isPresent()) {
            return new SlotUnavailable(svc.name(), date, time, why.get(), finder.nearest(date, time, NEAREST_LIMIT));
        }
        Appointment booked = new Appointment(bookingId, ws.workspaceId(), conversationId, svc.id(), svc.name(),
                start, start.plus(length), AppointmentStatus.BOOKED, now, callId);
        return new Booked(booked);
    }

    /** Cancels the customer's booking with that id, or without an id their next upcoming one. */
    public CancelOutcome cancel(Workspace ws, CalendarView cal, String callId, String conversationId,
                                Optional<String> bookingId, OffsetDateTime now) {
        requireSameWorkspace(ws, cal);
        Optional<Appointment> retried = cal.changedBy(callId, conversationId)
                .filter(a -> a.status() == AppointmentStatus.CANCELLED);
        if (retried.isPresent()) {
            return new Cancelled(retried.get(), false);
        }
        BookingWindow window = BookingWindow.of(ws, now);
        Appointment target;
        switch (target(cal, conversationId, bookingId, window)) {
            case Target.Missing missing -> {
                return missing.outcome();
            }
            case Target.Refused refused -> {
                return refused.outcome();
            }
            case Target.Found found -> target = found.appointment();
        }
        if (!target.holdsChair()) {
            return new Cancelled(target, true);
        }
        if (window.hasBegun(target.start())) {
            return new Rejected(Reason.ALREADY_STARTED);
        }
        Appointment cancelled = target.cancelledBy(callId);
        return new Cancelled(cancelled, false);
    }

    /**
     * Moves the customer's booking (that id, or their next upcoming one) to a new start, on any day, keeping its service
     * and length. Its own current slot does not count against the new one. It is not a new booking: the open-bookings
     * limit does not apply.
     */
    public RescheduleOutcome reschedule(Workspace ws, CalendarView cal, String callId, String conversationId,
                                        Optional<String> bookingId, LocalDate date, LocalTime time, OffsetDateTime now) {
        requireSameWorkspace(ws, cal);
        Optional<Appointment> retried = cal.changedBy(callId, conversationId).filter(Appointment::holdsChair);
        if (retried.isPresent()) {
            return new Rescheduled(retried.get(), Optional.empty());
        }
        BookingWindow window = BookingWindow.of(ws, now);
        Appointment target;
        switch (target(cal, conversationId, bookingId, window)) {
            case Target.Missing missing -> {
                return missing.outcome();
            }
            case Target.Refused refused -> {
                return refused.outcome();
            }
            case Target.Found found -> target = found.appointment();
        }
        if (!target.holdsChair()) {
            return new Rejected(Reason.BOOKING_CANCELLED);
        }
        if (window.hasBegun(target.start())) {
            return new Rejected(Reason.ALREADY_STARTED);
        }
        SlotFinder finder = new SlotFinder(ws, cal.without(target.bookingId()), target.length(), window);
        Optional<Reason> why = finder.whyNotFree(date, time);
        if (why.isPresent()) {
            return new SlotUnavailable(target.serviceName(), date, time, why.get(), finder.nearest(date, time, NEAREST_LIMIT));
        }
        Appointment moved = target.movedTo(date.atTime(time), callId);
        return new Rescheduled(moved, Optional.of(target.start()));
    }

    /** The customer's booked appointments that have not begun, soonest first. */
    public AppointmentList upcoming(Workspace ws, CalendarView cal, String conversationId, OffsetDateTime now) {
        requireSameWorkspace(ws, cal);
        BookingWindow window = BookingWindow.of(ws, now);
        return new AppointmentList(upcomingOf(cal, conversationId, window).toList());
    }

    /** The workspace's booked appointments starting on a date, in start order: the salon's agenda for the day. */
    public AppointmentList agenda(CalendarView cal, LocalDate date) {
        return new AppointmentList(cal.holdingChairsBetween(date.atStartOfDay(), date.plusDays(1).atStartOfDay()).stream()
                .filter(a -> a.start().toLocalDate().equals(date))
                .sorted(WorkspaceCalendar.BY_START)
                .toList());
    }

    private static SlotFinder finder(Workspace ws, CalendarView cal, Duration length, OffsetDateTime now) {
        return new SlotFinder(ws, cal, length, BookingWindow.of(ws, now));
    }

    /** The booking a cancel or a move is about, or why there is none the customer may change. */
    private sealed interface Target {
        record Found(Appointment appointment) implements Target {
        }

        record Missing(NotFound outcome) implements Target {
        }

        record Refused(Rejected outcome) implements Target {
        }
    }

    /** The customer's booking with that id (cancelled ones too), else their next upcoming one. */
    private static Target target(CalendarView cal, String conversationId, Optional<String> bookingId,
                                 BookingWindow window) {
        if (bookingId.isEmpty()) {
            return upcomingOf(cal, conversationId, window).findFirst()
                    .<Target>map(Target.Found::new)
                    .orElse(new Target.Missing(new NotFound(Reason.NO_UPCOMING_BOOKING)));
        }
        Optional<Appointment> found = cal.find(bookingId.get());
        if (found.isEmpty()) {
            return new Target.Missing(new NotFound(Reason.UNKNOWN_BOOKING));
        }
        return found.get().ownedBy(conversationId) ? new Target.Found(found.get())
                : new Target.Refused(new Rejected(Reason.NOT_YOUR_BOOKING));
    }

    private static Stream<Appointment> upcomingOf(CalendarView cal, String conversationId, BookingWindow window) {
        return cal.bookedBy(conversationId).stream()
                .filter(Appointment::holdsChair)
                .filter(a -> a.ownedBy(conversationId))
                .filter(a -> !window.hasBegun(a.start()))
                .sorted(WorkspaceCalendar.BY_START);
    }

    /**
     * A service by id or name (case-insensitive), else by synonym only when exactly one service has it,
     * so a word shared by two services never books the wrong one.
     */
    private static Optional<Service> resolve(Workspace ws, String service) {
        if (service == null || service.isBlank()) {
            return Optional.empty();
        }
        String wanted = service.strip();
        Optional<Service> direct = ws.service(wanted);
        if (direct.isPresent()) {
            return direct;
        }
        String lower = wanted.toLowerCase(Locale.ROOT);
        List<Service> bySynonym = ws.services().stream()
                .filter(s -> s.synonyms().stream().anyMatch(w -> w.toLowerCase(Locale.ROOT).equals(lower)))
                .toList();
        return bySynonym.size() == 1 ? Optional.of(bySynonym.getFirst()) : Optional.empty();
    }

    private static void requireSameWorkspace(Workspace ws, CalendarView cal) {
        if (!ws.workspaceId().equals(cal.workspaceId())) {
            throw new IllegalArgumentException("calendar of workspace " + cal.workspaceId() + " used with workspace " + ws.workspaceId());
        }
    }

    private static void requireCustomerOf(Workspace ws, String conversationId) {
        if (!ConversationId.workspaceOf(conversationId).equals(ws.workspaceId())) {
            throw new IllegalArgumentException("conversation " + conversationId + " is not a customer of workspace " + ws.workspaceId());
        }
    }
}
