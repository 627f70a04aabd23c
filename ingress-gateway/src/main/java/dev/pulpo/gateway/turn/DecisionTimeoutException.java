package dev.pulpo.gateway.turn;

/** The decision was not ready within SLM_TOTAL_TIMEOUT_MS; answered 504 with its id. */
public class DecisionTimeoutException extends RuntimeException {
    private final String decisionId;

    public DecisionTimeoutException(String decisionId, long waitedMs) {
        super("the decision was not ready within " + waitedMs + " ms");
        this.decisionId = decisionId;
    }

    public String decisionId() {
        return decisionId;
    }
}
