package dev.pulpo.orchestrator.slm;

/** A model's answer that breaks its stage's contract; the message says how, for the log. */
public class InvalidModelOutput extends RuntimeException {
    public InvalidModelOutput(String message) {
        super(message);
    }
}
