package dev.pulpo.tools.executor;

import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolNames;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.tools.ToolExecutorSettings;
import dev.pulpo.tools.calendar.Appointment;
import dev.pulpo.tools.calendar.Booked;
import dev.pulpo.tools.calendar.CalendarService;
import dev.pulpo.tools.calendar.Cancelled;
import dev.pulpo.tools.calendar.Rescheduled;
import dev.pulpo.tools.calendar.ToolOutcome;
import dev.pulpo.tools.calendar.CalendarView;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The calendar tools: reads a call's arguments, asks {@link CalendarService}, and says what to answer and which
 * appointment to store. Every outcome the calendar decides (booked, unavailable, not found, rejected) is an {@code ok}
 * call with a {@code status} inside the result, for the dialogue to read; only arguments the calendar cannot even
 * read fail the call. The customer is the call's conversation and the clock is the turn's, never the wall's.
 *
 * <p>Arguments: {@code check_availability {service, date "YYYY-MM-DD", time? "HH:mm"}},
 * {@code book_appointment {service, date, time}}, {@code cancel_appointment {booking_id?}},
 * {@code reschedule_appointment {booking_id?, date, time}}.
 */
@Component
public class CalendarTools {
    /** The tools that read or change the calendar, and so must run where the workspace's calendar is. */
    public static final Set<String> TOOLS = Set.of(ToolNames.CHECK_AVAILABILITY, ToolNames.BOOK_APPOINTMENT,
            ToolNames.CANCEL_APPOINTMENT, ToolNames.RESCHEDULE_APPOINTMENT);

    private final CalendarService calendar;

    public CalendarTools(ToolExecutorSettings settings) {
        this.calendar = new CalendarService(settings.maxOpenBookingsPerCustomer());
    }

    public static boolean handles(String tool) {
        return TOOLS.contains(tool);
    }

    /**
     * What the call gets, and the appointment to store when the call changed it.
     *
     * @param current the workspace's calendar as stored
     */
    public Run run(ToolCall call, Workspace ws, CalendarView current) {
        ToolOutcome outcome;
        try {
            requireCustomerOf(call, ws);
            outcome = decide(call, ws, current, call.turnTime());
        } catch (BadArguments e) {
            return new Run(ToolAnswer.failed(e.getMessage()), Optional.empty());
        }
        return new Run(ToolAnswer.ok(outcome.toResult()),
                changed(outcome).filter(next -> !current.find(next.bookingId()).equals(Optional.of(next))));
    }

    /** @param changed the appointment to store, as it is now; empty when the call changed nothing */
    public record Run(ToolAnswer answer, Optional<Appointment> changed) {
    }

    private ToolOutcome decide(ToolCall call, Workspace ws, CalendarView cal, OffsetDateTime now) {
        Map<String, Object> args = call.args();
        String customer = call.conversationId();
        return switch (call.tool()) {
            case ToolNames.CHECK_AVAILABILITY -> calendar.availability(ws, cal, text(args, "service"),
                    date(args), optionalText(args, "time").map(CalendarTools::time), now);
            case ToolNames.BOOK_APPOINTMENT -> calendar.book(ws, cal, call.callId(), customer, text(args, "service"),
                    date(args), time(text(args, "time")), now);
            case ToolNames.CANCEL_APPOINTMENT -> calendar.cancel(ws, cal, call.callId(), customer,
                    optionalText(args, "booking_id"), now);
            case ToolNames.RESCHEDULE_APPOINTMENT -> calendar.reschedule(ws, cal, call.callId(), customer,
                    optionalText(args, "booking_id"), date(args), time(text(args, "time")), now);
            default -> throw new IllegalArgumentException("not a calendar tool: " + call.tool());
        };
    }

    private static Optional<Appointment> changed(ToolOutcome outcome) {
        return switch (outcome) {
            case Booked b -> Optional.of(b.appointment());
            case Cancelled c -> Optional.of(c.appointment());
            case Rescheduled r -> Optional.of(r.appointment());
            default -> Optional.empty();
        };
    }

    /** A call whose conversation belongs to another workspace would act on a calendar that is not its own. */
    private static void requireCustomerOf(ToolCall call, Workspace ws) {
        String workspaceOfCustomer;
        try {
            workspaceOfCustomer = ConversationId.workspaceOf(call.conversationId());
        } catch (IllegalArgumentException e) {
            throw new BadArguments("conversation " + ConversationId.masked(call.conversationId()) + " is not a conversation id");
        }
        if (!workspaceOfCustomer.equals(ws.workspaceId())) {
            throw new BadArguments("conversation " + ConversationId.masked(call.conversationId())
                    + " is not a customer of workspace " + ws.workspaceId());
        }
    }

    private static LocalDate date(Map<String, Object> args) {
        String raw = text(args, "date");
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw new BadArguments("argument date must be a date as YYYY-MM-DD, not '" + raw + "'");
        }
    }

    private static LocalTime time(String raw) {
        try {
            return LocalTime.parse(raw);
        } catch (DateTimeParseException e) {
            throw new BadArguments("argument time must be a time as HH:mm, not '" + raw + "'");
        }
    }

    private static String text(Map<String, Object> args, String name) {
        return optionalText(args, name).orElseThrow(() -> new BadArguments("argument " + name + " is required"));
    }

    private static Optional<String> optionalText(Map<String, Object> args, String name) {
        Object value = args.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw new BadArguments("argument " + name + " must be a string");
        }
        return s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }

    /** Arguments the calendar cannot read: the call fails, and the calendar is not asked. */
    private static final class BadArguments extends RuntimeException {
        BadArguments(String message) {
            super(message, null, false, false);
        }
    }
}
