package dev.pulpo.outbound.send;

/** Sends one part of a reply, once, and says what happened; never retries by itself. */
public interface ReplySender {

    SendResult send(OutgoingPart part);

    /** True when nothing leaves the machine (no Twilio credentials). */
    boolean dryRun();
}
