package dev.pulpo.outbound.send;

import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.OutboundStatus;
import java.io.PrintStream;

/**
 * Prints the reply instead of sending it, for a machine without Twilio credentials: the whole flow runs,
 * and the status says {@code dry_run} so nobody mistakes it for a delivery.
 */
public final class DryRunSender implements ReplySender {
    private final PrintStream out;

    public DryRunSender() {
        this(System.out);
    }

    DryRunSender(PrintStream out) {
        this.out = out;
    }

    @Override
    public SendResult send(OutgoingPart part) {
        // The reply goes to the console on purpose: a dry run exists so a person can read what would be sent.
        out.printf("[dry_run] reply to %s: %s%n", ConversationId.masked(part.message().conversationId()), part.body());
        return new SendResult.Accepted(null, OutboundStatus.DRY_RUN);
    }

    @Override
    public boolean dryRun() {
        return true;
    }
}
