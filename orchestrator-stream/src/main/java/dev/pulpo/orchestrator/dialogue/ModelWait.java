package dev.pulpo.orchestrator.dialogue;

/**
 * The model answer an SLM turn waits for.
 *
 * @param stage    {@code extract}, {@code plan} or {@code nlg}
 * @param attempt  1, or 2 for an extraction retried on the larger model
 * @param sentAtMs wall clock when the call left, for the stage's timing
 */
public record ModelWait(String requestId, String stage, int attempt, long sentAtMs) {
}
