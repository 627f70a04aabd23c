package dev.pulpo.schemas.event;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A business: its WhatsApp numbers, time zone, opening hours, services, booking rules and policy.
 * Published on the compacted {@code workspaces} topic, keyed by its id.
 *
 * @param tools the manifest: descriptions of the tools the policy allows (built-in ones may be left out, and
 *              then have their default entry), and the business's own HTTP tools
 * @param handoff how long the assistant stays silent after handing a conversation to a person
 * @param hours opening intervals per lower-case English weekday ({@code monday}), each {@code ["09:00","13:00"]};
 *              a day without intervals is closed, and the gaps between intervals are breaks
 */
public record Workspace(
        int schemaVersion,
        String workspaceId,
        String name,
        String locale,
        String timezone,
        String currency,
        List<String> phoneNumbers,
        String address,
        Map<String, List<List<String>>> hours,
        List<Service> services,
        BookingRules booking,
        Policy policy,
        List<ToolSpec> tools,
        HandoffRules handoff) {

    public static final int VERSION = 1;

    public Workspace {
        Require.text(workspaceId, "workspace_id");
        Require.text(name, "name");
        Require.text(timezone, "timezone");
        locale = locale == null ? "es-AR" : locale;
        currency = currency == null ? "ARS" : currency;
        phoneNumbers = phoneNumbers == null ? List.of() : List.copyOf(phoneNumbers);
        hours = hours == null ? Map.of() : Map.copyOf(hours);
        services = services == null ? List.of() : List.copyOf(services);
        booking = booking == null ? BookingRules.DEFAULT : booking;
        policy = policy == null ? Policy.DEFAULT : policy;
        tools = tools == null ? List.of() : List.copyOf(tools);
        handoff = handoff == null ? HandoffRules.DEFAULT : handoff;
    }

    /** This workspace under another id, e.g. an isolated copy for a replayed conversation. */
    public Workspace withId(String id) {
        return new Workspace(schemaVersion, id, name, locale, timezone, currency, phoneNumbers, address, hours, services,
                booking, policy, tools, handoff);
    }

    /** This workspace with another policy. */
    public Workspace withPolicy(Policy newPolicy) {
        return new Workspace(schemaVersion, workspaceId, name, locale, timezone, currency, phoneNumbers, address, hours,
                services, booking, newPolicy, tools, handoff);
    }

    /**
     * The manifest entry of a tool the policy allows: the workspace's own description, else the built-in one;
     * empty when the policy does not allow it or nobody describes it.
     */
    public Optional<ToolSpec> tool(String name) {
        if (!policy.tools().contains(name)) {
            return Optional.empty();
        }
        return tools.stream().filter(t -> t.name().equals(name)).findFirst().or(() -> BuiltinToolSpecs.find(name));
    }

    public ZoneId zone() {
        return ZoneId.of(timezone);
    }

    /** The day's opening intervals in order; empty when closed. */
    public List<OpeningInterval> openingHours(DayOfWeek day) {
        List<List<String>> raw = hours.getOrDefault(day.name().toLowerCase(Locale.ROOT), List.of());
        List<OpeningInterval> intervals = new ArrayList<>(raw.size());
        for (List<String> pair : raw) {
            intervals.add(new OpeningInterval(LocalTime.parse(pair.get(0)), LocalTime.parse(pair.get(1))));
        }
        return intervals;
    }

    public Optional<Service> service(String idOrName) {
        return services.stream()
                .filter(s -> s.id().equalsIgnoreCase(idOrName) || s.name().equalsIgnoreCase(idOrName))
                .findFirst();
    }

    /** One interval of a day during which the business is open. */
    public record OpeningInterval(LocalTime opens, LocalTime closes) {
    }

    /** A service of the catalog; {@code synonyms} are the words customers use for it. */
    public record Service(
            String id,
            String name,
            long priceMin,
            long priceMax,
            List<String> synonyms,
            int durationMinutes) {
        public Service {
            Require.text(id, "services[].id");
            Require.text(name, "services[].name");
            synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
        }
    }

    /** How the calendar hands out appointments. */
    public record BookingRules(int slotStepMinutes, int minLeadMinutes, int horizonDays, int parallelChairs) {
        public static final BookingRules DEFAULT = new BookingRules(15, 60, 60, 1);
    }

    /** After a handoff, the assistant stays silent until a release or until {@code silenceMinutes} pass. */
    public record HandoffRules(int silenceMinutes) {
        public static final HandoffRules DEFAULT = new HandoffRules(240);
    }

    /** What the assistant may do in a turn: at most {@code maxActionsPerTurn} calls of {@code tools}. */
    public record Policy(int maxActionsPerTurn, List<String> tools) {
        public static final Policy DEFAULT = new Policy(3, List.of());

        public Policy {
            tools = tools == null ? List.of() : List.copyOf(tools);
        }
    }
}
