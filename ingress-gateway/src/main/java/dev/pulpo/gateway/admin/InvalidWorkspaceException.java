package dev.pulpo.gateway.admin;

import java.util.List;

/** A workspace refused, with every reason (422). */
public class InvalidWorkspaceException extends RuntimeException {
    private final List<String> errors;

    public InvalidWorkspaceException(List<String> errors) {
        super("invalid workspace");
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
