package dev.pulpo.orchestrator.dialogue;

import static dev.pulpo.schemas.event.ToolNames.BOOK_APPOINTMENT;
import static dev.pulpo.schemas.event.ToolNames.CANCEL_APPOINTMENT;
import static dev.pulpo.schemas.event.ToolNames.CHECK_AVAILABILITY;
import static dev.pulpo.schemas.event.ToolNames.GET_BUSINESS_HOURS;
import static dev.pulpo.schemas.event.ToolNames.GET_SERVICES;
import static dev.pulpo.schemas.event.ToolNames.HANDOFF_TO_HUMAN;
import static dev.pulpo.schemas.event.ToolNames.RESCHEDULE_APPOINTMENT;

import dev.pulpo.orchestrator.nlu.Intent;
import dev.pulpo.orchestrator.nlu.Understanding;
import dev.pulpo.orchestrator.reply.Replies;
import dev.pulpo.schemas.event.Action;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.Workspace;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The legacy route's dialogue: from what the customer said and what the conversation holds, which tools
 * to call and what to answer. Deterministic, so the golden conversations score it exactly. The actions
 * per situation follow the table of golden-format.md.
 */
@Component
public class LegacyDialogue {
    public static final String FLOW_BOOK = "book";
    public static final String FLOW_RESCHEDULE = "reschedule";
    /** Talking about prices: a bare service name next ("¿y el brushing?") asks for its price. */
    public static final String FLOW_PRICE = "price";
    /** The calendar's answer when it refuses outright (another customer's booking, an unknown service...). */
    private static final String REJECTED = "rejected";
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final Replies replies;

    public LegacyDialogue(Replies replies) {
        this.replies = replies;
    }

    /** The first step of a turn. */
    public Plan onMessage(Understanding u, ConversationState state, Workspace ws) {
        Intent intent = inContext(u, state);
        double confidence = u.confidence();
        String wire = intent.wire();
        Map<String, String> slots = state.slots();
        return switch (intent) {
            case GREETING -> Plan.reply(wire, confidence, slots, state.flow(), replies.greeting(ws));
            case INFO_HOURS -> Plan.call(wire, confidence, slots, state.flow(), new PlannedCall(GET_BUSINESS_HOURS, Map.of()));
            case INFO_PRICE -> {
                Map<String, String> withService = Slots.with(slots, Slots.SERVICE, u.service().orElse(null));
                yield Plan.call(wire, confidence, withService, FLOW_PRICE, new PlannedCall(GET_SERVICES, Map.of()));
            }
            case INFO_LOCATION -> Plan.reply(wire, confidence, slots, state.flow(), replies.location(ws));
            case GOODBYE -> Plan.reply(wire, confidence, slots, null, replies.goodbye()).keeping(Map.of());
            case HUMAN_HANDOFF -> Plan.call(wire, confidence, slots, null,
                    new PlannedCall(HANDOFF_TO_HUMAN, Map.of("reason", "customer asked for a person")));
            case OUT_OF_SCOPE -> Plan.reply(wire, confidence, slots, state.flow(), replies.outOfScope());
            case BOOK -> book(u, confidence, slots, ws);
            case CANCEL -> Plan.call(wire, confidence, slots, null, new PlannedCall(CANCEL_APPOINTMENT,
                    bookingArgs(state)));
            case RESCHEDULE -> reschedule(u, confidence, state);
        };
    }

    /** A message without text (media, a sticker, a location): say what the assistant can read. */
    public Plan onNonText(ConversationState state, boolean hasMedia) {
        return Plan.reply(Intent.OUT_OF_SCOPE.wire(), 1.0, state.slots(), state.flow(), replies.textOnly(hasMedia));
    }

    /** The next step once every call of the previous one has its result. */
    public Plan afterResults(PendingTurn turn, Workspace ws) {
        Action last = turn.actions().getLast();
        Map<String, Object> result = turn.results().getOrDefault(last.callId(), Map.of());
        if (!ToolResult.OK.equals(last.status())) {
            return finish(turn, replies.toolFailed(), turn.keep(), turn.flow());
        }
        return switch (last.tool()) {
            case GET_BUSINESS_HOURS -> finish(turn, replies.hours(result), turn.keep(), turn.flow());
            case GET_SERVICES -> finish(turn, replies.prices(result, turn.slots().get(Slots.SERVICE)), turn.keep(),
                    turn.flow());
            case HANDOFF_TO_HUMAN -> finish(turn, replies.handoff(), Map.of(), null);
            case CHECK_AVAILABILITY -> afterAvailability(turn, result);
            case BOOK_APPOINTMENT -> afterBooking(turn, result);
            case CANCEL_APPOINTMENT -> afterCancel(turn, result);
            case RESCHEDULE_APPOINTMENT -> afterReschedule(turn, result);
            // A workspace's own tool (only the SLM planner calls those): its answer, as it words it.
            default -> finish(turn, replies.toolDone(result), turn.keep(), turn.flow());
        };
    }

    /**
     * A message that only gives slots continues the dialogue in progress: a reschedule takes them as its own, a
     * price question takes a service as the next price asked, and without any dialogue or service a bare day
     * ("¿va a llover hoy?") asks for nothing we do.
     */
    private static Intent inContext(Understanding u, ConversationState state) {
        boolean givesSlots = u.service().isPresent() || u.date().isPresent() || u.time().isPresent();
        if (u.slotsOnly() && FLOW_PRICE.equals(state.flow()) && u.service().isPresent() && u.date().isEmpty()
                && u.time().isEmpty()) {
            return Intent.INFO_PRICE;
        }
        if (u.slotsOnly() && state.flow() == null && u.service().isEmpty() && u.time().isEmpty()
                && !state.slots().containsKey(Slots.SERVICE)) {
            return Intent.OUT_OF_SCOPE;
        }
        if (FLOW_RESCHEDULE.equals(state.flow()) && (u.intent() == Intent.BOOK
                || (u.intent() == Intent.OUT_OF_SCOPE && givesSlots))) {
            return Intent.RESCHEDULE;
        }
        if (state.flow() != null && u.intent() == Intent.OUT_OF_SCOPE && givesSlots) {
            return Intent.BOOK;
        }
        return u.intent();
    }

    private Plan book(Understanding u, double confidence, Map<String, String> current, Workspace ws) {
        Map<String, String> slots = current;
        slots = Slots.with(slots, Slots.SERVICE, u.service().orElse(null));
        slots = Slots.with(slots, Slots.DATE, u.date().map(LocalDate::toString).orElse(null));
        slots = Slots.with(slots, Slots.TIME, u.time().map(t -> t.format(HH_MM)).orElse(null));
        String wire = Intent.BOOK.wire();
        String service = slots.get(Slots.SERVICE);
        if (service == null) {
            return Plan.reply(wire, confidence, slots, FLOW_BOOK, replies.askService(ws));
        }
        if (slots.get(Slots.DATE) == null) {
            return Plan.reply(wire, confidence, slots, FLOW_BOOK, replies.askDate(service));
        }
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("service", service);
        args.put("date", slots.get(Slots.DATE));
        if (slots.get(Slots.TIME) != null) {
            args.put("time", slots.get(Slots.TIME));
        }
        return Plan.call(wire, confidence, slots, FLOW_BOOK, new PlannedCall(CHECK_AVAILABILITY, args));
    }

    private Plan reschedule(Understanding u, double confidence, ConversationState state) {
        Map<String, String> slots = FLOW_RESCHEDULE.equals(state.flow()) ? state.slots() : Map.of();
        slots = Slots.with(slots, Slots.DATE, u.date().map(LocalDate::toString).orElse(null));
        slots = Slots.with(slots, Slots.TIME, u.time().map(t -> t.format(HH_MM)).orElse(null));
        String wire = Intent.RESCHEDULE.wire();
        if (slots.get(Slots.DATE) == null) {
            return Plan.reply(wire, confidence, slots, FLOW_RESCHEDULE, replies.askReschedule());
        }
        if (slots.get(Slots.TIME) == null) {
            return Plan.reply(wire, confidence, slots, FLOW_RESCHEDULE,
                    replies.askRescheduleTime(LocalDate.parse(slots.get(Slots.DATE))));
        }
        Map<String, Object> args = new LinkedHashMap<>(bookingArgs(state));
        args.put("date", slots.get(Slots.DATE));
        args.put("time", slots.get(Slots.TIME));
        return Plan.call(wire, confidence, slots, FLOW_RESCHEDULE, new PlannedCall(RESCHEDULE_APPOINTMENT, args));
    }

    @SuppressWarnings("unchecked")
    private Plan afterAvailability(PendingTurn turn, Map<String, Object> result) {
        Map<String, String> slots = turn.slots();
        if (REJECTED.equals(result.get("status"))) {
            return finish(turn, replies.rejected(String.valueOf(result.get("reason"))), withoutDate(slots), FLOW_BOOK);
        }
        LocalDate date = LocalDate.parse(slots.get(Slots.DATE));
        String service = slots.get(Slots.SERVICE);
        String time = slots.get(Slots.TIME);
        if ("closed".equals(result.get("reason"))) {
            return finish(turn, replies.closed(date), withoutDate(slots), FLOW_BOOK);
        }
        List<String> free = (List<String>) result.getOrDefault("free_times", List.of());
        if (time == null) {
            return finish(turn, replies.offerTimes(service, date, free), slots, FLOW_BOOK);
        }
        if (Boolean.TRUE.equals(result.get("time_free"))) {
            return new Plan(turn.intent(), turn.confidence(), slots, FLOW_BOOK, slots,
                    List.of(new PlannedCall(BOOK_APPOINTMENT, Map.of("service", service, "date", date.toString(),
                            "time", time))), null);
        }
        List<Map<String, Object>> nearest = (List<Map<String, Object>>) result.getOrDefault("nearest", List.of());
        return finish(turn, replies.notAvailable(date, time, nearest), slots, FLOW_BOOK);
    }

    @SuppressWarnings("unchecked")
    private Plan afterBooking(PendingTurn turn, Map<String, Object> result) {
        Map<String, String> slots = turn.slots();
        if (REJECTED.equals(result.get("status"))) {
            return finish(turn, replies.rejected(String.valueOf(result.get("reason"))), withoutDate(slots), FLOW_BOOK);
        }
        if ("booked".equals(result.get("status"))) {
            // The booking is done; the next one starts afresh but for the service ("y otro para mi hermana").
            return finish(turn, replies.booked(slots.get(Slots.SERVICE), LocalDate.parse(slots.get(Slots.DATE)),
                    slots.get(Slots.TIME)), Map.of(Slots.SERVICE, slots.get(Slots.SERVICE)), null);
        }
        if ("limit_reached".equals(result.get("status"))) {
            // No other day or time would do: the customer must cancel or move one first. The flow ends, keeping
            // the service for when they come back to book.
            return finish(turn, replies.bookingLimit(result.get("limit") instanceof Number n ? n.intValue() : 0),
                    Slots.with(Map.of(), Slots.SERVICE, slots.get(Slots.SERVICE)), null);
        }
        List<Map<String, Object>> nearest = (List<Map<String, Object>>) result.getOrDefault("nearest", List.of());
        return finish(turn, replies.notAvailable(LocalDate.parse(slots.get(Slots.DATE)), slots.get(Slots.TIME),
                nearest), slots, FLOW_BOOK);
    }

    private Plan afterCancel(PendingTurn turn, Map<String, Object> result) {
        if (REJECTED.equals(result.get("status"))) {
            return finish(turn, replies.rejected(String.valueOf(result.get("reason"))), Map.of(), null);
        }
        if ("cancelled".equals(result.get("status"))) {
            String date = (String) result.get("date");
            return finish(turn, replies.cancelled((String) result.get("service"),
                    date == null ? null : LocalDate.parse(date), (String) result.get("time")), Map.of(), null);
        }
        return finish(turn, replies.nothingToCancel(), Map.of(), null);
    }

    @SuppressWarnings("unchecked")
    private Plan afterReschedule(PendingTurn turn, Map<String, Object> result) {
        Map<String, String> slots = turn.slots();
        LocalDate date = LocalDate.parse(slots.get(Slots.DATE));
        return switch (String.valueOf(result.get("status"))) {
            case "rescheduled" -> finish(turn, replies.rescheduled((String) result.get("service"), date,
                    slots.get(Slots.TIME)), Map.of(), null);
            case "not_found" -> finish(turn, replies.nothingToCancel(), Map.of(), null);
            case REJECTED -> finish(turn, replies.rejected(String.valueOf(result.get("reason"))), Map.of(), null);
            default -> finish(turn, replies.notAvailable(date, slots.get(Slots.TIME),
                    (List<Map<String, Object>>) result.getOrDefault("nearest", List.of())), slots, FLOW_RESCHEDULE);
        };
    }

    private static Map<String, Object> bookingArgs(ConversationState state) {
        Map<String, Object> args = new HashMap<>();
        if (state.lastBookingId() != null) {
            args.put("booking_id", state.lastBookingId());
        }
        return args;
    }

    private static Map<String, String> withoutDate(Map<String, String> slots) {
        Map<String, String> kept = new LinkedHashMap<>(slots);
        kept.remove(Slots.DATE);
        kept.remove(Slots.TIME);
        return kept;
    }

    private static Plan finish(PendingTurn turn, String reply, Map<String, String> keep, String flow) {
        return new Plan(turn.intent(), turn.confidence(), turn.slots(), flow, keep, List.of(), reply);
    }
}
