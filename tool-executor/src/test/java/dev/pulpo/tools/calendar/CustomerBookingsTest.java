package dev.pulpo.tools.calendar;

import static dev.pulpo.tools.calendar.DemoSalon.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.DemoWorkspace;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CustomerBookingsTest {
    private static final Instant WEDNESDAY = WEDNESDAY_10AM.toInstant();

    @Test
    void aBookedAppointmentIsOpenSoonestFirstAndACancelledOneIsNot() {
        Arranged friday = booked(emptyCalendar(), "call-1", ANA, "corte", FRIDAY, "10:00");
        Arranged thursday = booked(friday.calendar(), "call-2", ANA, "corte", THURSDAY, "10:00");
        CustomerBookings ana = CustomerBookings.empty(DemoWorkspace.ID, ANA)
                .after(friday.appointment(), WS.zone(), WEDNESDAY)
                .after(thursday.appointment(), WS.zone(), WEDNESDAY);

        assertThat(ana.open()).extracting(CustomerBookings.Open::bookingId)
                .containsExactly(thursday.appointment().bookingId(), friday.appointment().bookingId());

        Cancelled cancelled = (Cancelled) CALENDAR.cancel(WS, thursday.calendar(), "call-3", ANA, Optional.empty(), WEDNESDAY_10AM);
        ana = ana.after(cancelled.appointment(), WS.zone(), WEDNESDAY);

        assertThat(ana.open()).extracting(CustomerBookings.Open::bookingId).containsExactly(friday.appointment().bookingId());
        assertThat(ana.recent()).first().isEqualTo(new CustomerBookings.Change("call-3", thursday.appointment().bookingId()));
    }

    @Test
    void appointmentsThatHaveBegunLeaveTheOpenOnesAtTheNextChange() {
        Arranged thursday = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00");
        Arranged saturday = booked(thursday.calendar(), "call-2", ANA, "corte", SATURDAY, "10:00");
        CustomerBookings ana = CustomerBookings.empty(DemoWorkspace.ID, ANA).after(thursday.appointment(), WS.zone(), WEDNESDAY);

        // Thursday 10:00 in Buenos Aires is 13:00Z: at 13:00Z it has begun
        ana = ana.after(saturday.appointment(), WS.zone(), Instant.parse("2025-01-16T13:00:00Z"));

        assertThat(ana.open()).extracting(CustomerBookings.Open::start).containsExactly(LocalDateTime.parse("2025-01-18T10:00"));
    }

    @Test
    void theIndexSurvivesTheJsonRoundTripOfItsStoreAndSaysNothingMore() {
        Arranged friday = booked(emptyCalendar(), "call-1", ANA, "corte", FRIDAY, "10:00");
        CustomerBookings ana = CustomerBookings.empty(DemoWorkspace.ID, ANA).after(friday.appointment(), WS.zone(), WEDNESDAY);
        tools.jackson.databind.json.JsonMapper json = dev.pulpo.schemas.serde.EventMapper.create();

        assertThat(json.readValue(json.writeValueAsBytes(ana), CustomerBookings.class)).isEqualTo(ana);
        assertThat(json.readTree(json.writeValueAsBytes(ana)).propertyNames())
                .containsExactlyInAnyOrder("workspace_id", "conversation_id", "open", "recent");
    }

    @Test
    void onlyTheLastChangesAreRemembered() {
        CustomerBookings ana = CustomerBookings.empty(DemoWorkspace.ID, ANA);
        WorkspaceCalendar cal = emptyCalendar();
        for (int i = 0; i < CustomerBookings.RECENT + 5; i++) {
            Arranged b = booked(cal, "call-" + i, ANA, "brushing", i < 10 ? THURSDAY : FRIDAY, "10:00");
            ana = ana.after(b.appointment(), WS.zone(), WEDNESDAY);
            ana = ana.after(b.appointment().cancelledBy("cancel-" + i), WS.zone(), WEDNESDAY);
        }

        assertThat(ana.open()).isEmpty();
        assertThat(ana.recent()).extracting(CustomerBookings.Change::callId).containsExactlyElementsOf(
                IntStream.iterate(CustomerBookings.RECENT + 4, i -> i - 1).limit(CustomerBookings.RECENT / 2)
                        .boxed().flatMap(i -> java.util.stream.Stream.of("cancel-" + i, "call-" + i)).toList());
        assertThat(ana.forgetting(ana.recent().getFirst().bookingId()).recent()).as("both changes of that booking")
                .hasSize(CustomerBookings.RECENT - 2);
    }
}
