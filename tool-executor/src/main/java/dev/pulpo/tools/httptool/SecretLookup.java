package dev.pulpo.tools.httptool;

import java.util.Optional;

/**
 * The executor's environment, where an operator puts each workspace's secrets ({@code PULPO_SECRET_<KEY>__<NAME>});
 * or what a test supplies instead.
 */
@FunctionalInterface
public interface SecretLookup {

    /** The variable's value; empty when it is not set. */
    Optional<String> value(String name);

    static SecretLookup environment() {
        return name -> Optional.ofNullable(System.getenv(name));
    }
}
