package dev.pulpo.tools.calendar;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Appointments in start order: a customer's upcoming ones, or a workspace's day. */
public record AppointmentList(List<Appointment> appointments) implements ToolOutcome {
    public AppointmentList {
        appointments = List.copyOf(appointments);
    }

    @Override
    public Map<String, Object> toResult() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("appointments", appointments.stream()
                .map(a -> ResultFormat.frozen(ResultFormat.appointment(a.status().code(), a)))
                .toList());
        return ResultFormat.frozen(m);
    }
}
