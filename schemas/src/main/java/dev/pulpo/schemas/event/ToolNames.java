package dev.pulpo.schemas.event;

import java.util.List;

/** The built-in tools every workspace can allow, named as tool calls and manifests name them. */
public final class ToolNames {
    public static final String GET_BUSINESS_HOURS = "get_business_hours";
    public static final String GET_SERVICES = "get_services";
    public static final String CHECK_AVAILABILITY = "check_availability";
    public static final String BOOK_APPOINTMENT = "book_appointment";
    public static final String CANCEL_APPOINTMENT = "cancel_appointment";
    public static final String RESCHEDULE_APPOINTMENT = "reschedule_appointment";
    public static final String HANDOFF_TO_HUMAN = "handoff_to_human";

    public static final List<String> BUILTIN = List.of(GET_BUSINESS_HOURS, GET_SERVICES, CHECK_AVAILABILITY,
            BOOK_APPOINTMENT, CANCEL_APPOINTMENT, RESCHEDULE_APPOINTMENT, HANDOFF_TO_HUMAN);

    private ToolNames() {
    }
}
