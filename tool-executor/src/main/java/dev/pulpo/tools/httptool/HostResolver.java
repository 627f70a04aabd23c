package dev.pulpo.tools.httptool;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How an HTTP tool's host name becomes addresses: the system's resolver, or the names a test makes up. Whatever it
 * answers is what {@link HostGuard} checks, and the one answer a connection is made with.
 */
@FunctionalInterface
public interface HostResolver {

    /** Every address of {@code host}, an IP literal's being itself. */
    InetAddress[] resolve(String host) throws UnknownHostException;

    static HostResolver system() {
        return InetAddress::getAllByName;
    }
}
