package dev.pulpo.outbound.stream;

import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.event.OutboundStatus;

/** What sending a reply writes: a status for {@code outbound-status}, or a reply given up on for its DLQ. */
sealed interface Emitted {

    record Status(OutboundStatus status) implements Emitted {
    }

    record GivenUp(DeadLetter deadLetter) implements Emitted {
    }
}
