package dev.pulpo.tools.httptool;

import java.util.Optional;

/** Where header secrets come from: the executor's environment, or what a test supplies. */
@FunctionalInterface
public interface SecretLookup {

    /** The variable's value; empty when it is not set. */
    Optional<String> value(String name);

    static SecretLookup environment() {
        return name -> Optional.ofNullable(System.getenv(name));
    }
}
