package dev.pulpo.tools.httptool;

import dev.pulpo.schemas.admin.WorkspaceVariables;
import dev.pulpo.tools.httptool.AttemptFailed.Kind;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hc.core5.http.HttpHost;

/**
 * Decides where one attempt of an HTTP tool connects, before anything is sent. The URL's host is resolved once; the
 * attempt is refused when the host is one of Pulpo's own services, or when any of its addresses is internal:
 * loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16 with the cloud metadata
 * address, fe80::/10), any-local, multicast, carrier-grade NAT (100.64/10) or reserved. Whoever writes a workspace
 * cannot lift this; the operator can, for one workspace and by host name, in
 * {@code PULPO_HTTP_TOOL_ALLOWED_HOSTS_<WORKSPACE>} (comma-separated names, as the URLs write them).
 *
 * <p>What it returns pins the connection to an address it checked while keeping the URL's name for the {@code Host}
 * header and TLS (SNI, certificate): the client never looks the name up again, so a second DNS answer (rebinding)
 * cannot send the request anywhere else.
 */
final class HostGuard {
    /** The names of the compose stack's services (docker-compose.yml) and localhost: they reach Pulpo itself. */
    static final Set<String> PULPOS_OWN = Set.of("localhost", "kafka", "kafka-init", "kafka-exporter", "ollama",
            "ollama-pull", "ingress-gateway", "orchestrator-stream", "tool-executor", "outbound-sender", "prometheus",
            "grafana", "n8n", "n8n-import");

    private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");
    /** Lookups run here, so that one that hangs costs the attempt its timeout, not the stream thread its life. */
    private static final ExecutorService LOOKUPS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("http-tool-lookup-", 0).factory());

    private final SecretLookup environment;
    private final HostResolver dns;

    HostGuard(SecretLookup environment, HostResolver dns) {
        this.environment = environment;
        this.dns = dns;
    }

    /**
     * Where this attempt may connect: the URL's first address, checked, under the URL's name.
     *
     * @throws AttemptFailed {@link Kind#FORBIDDEN} when the host may not be called; {@link Kind#TROUBLE} when it has
     *                       no address; {@link Kind#TIMED_OUT} when the lookup takes longer than {@code timeout}
     */
    HttpHost target(String workspaceId, String tool, URI url, Duration timeout) {
        String host = unbracketed(url.getHost());
        String name = normalized(host);
        boolean allowed = allowedHosts(workspaceId).contains(name);
        if (!allowed && (PULPOS_OWN.contains(name) || name.endsWith(".localhost"))) {
            throw forbidden(workspaceId, tool, name, "it is a service of Pulpo's own stack");
        }
        InetAddress[] addresses = resolve(tool, host, timeout);
        if (!allowed) {
            boolean literal = name.indexOf(':') >= 0 || IPV4_LITERAL.matcher(name).matches();
            for (InetAddress address : addresses) {
                Optional<String> internal = internal(address);
                if (internal.isPresent()) {
                    throw forbidden(workspaceId, tool, name, (literal ? "it is " : "it resolves to ") + internal.get());
                }
            }
        }
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return new HttpHost(url.getScheme().toLowerCase(Locale.ROOT), addresses[0], host, port);
    }

    /**
     * What kind of internal address this is, or empty for one on the internet. An IPv6 address that carries an IPv4
     * one (IPv4-compatible, NAT64's 64:ff9b::/96, 6to4's 2002::/16) is judged by the IPv4 address too.
     */
    static Optional<String> internal(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return internalV4(b);
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("an any-local address");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (Arrays.equals(b, AWS_METADATA_V6)) {
            return Optional.of("the cloud metadata address");
        }
        if ((b[0] & 0xfe) == 0xfc || address.isSiteLocalAddress()) {
            return Optional.of("a private address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        if (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress() || isMapped(b) || isNat64(b)) {
            return internalV4(Arrays.copyOfRange(b, 12, 16));
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return internalV4(Arrays.copyOfRange(b, 2, 6));
        }
        return Optional.empty();
    }

    /** AWS's IPv6 instance metadata endpoint, fd00:ec2::254 (a unique local address: refused as private anyway). */
    private static final byte[] AWS_METADATA_V6 = {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0x02, 0x54};

    private static Optional<String> internalV4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0) {
            return Optional.of("an any-local address");
        }
        if (first == 127) {
            return Optional.of("a loopback address");
        }
        if (first == 10 || first == 172 && (second & 0xf0) == 16 || first == 192 && second == 168) {
            return Optional.of("a private address");
        }
        if (first == 169 && second == 254) {
            return Optional.of((b[2] & 0xff) == 169 && (b[3] & 0xff) == 254 ? "the cloud metadata address"
                    : "a link-local address");
        }
        if (first == 100 && (second & 0xc0) == 64) {
            return Optional.of("a carrier-grade NAT address");
        }
        if (first >= 224 && first < 240) {
            return Optional.of("a multicast address");
        }
        if (first >= 240) {
            return Optional.of("a reserved address");
        }
        return Optional.empty();
    }

    private static boolean isMapped(byte[] b) {
        return b.length == 16 && allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static boolean isNat64(byte[] b) {
        return b.length == 16 && b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && allZero(b, 4, 12);
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The names the operator allowed this workspace's tools to call though they are internal. */
    private Set<String> allowedHosts(String workspaceId) {
        return environment.value(WorkspaceVariables.allowedHosts(workspaceId))
                .map(hosts -> SEPARATORS.splitAsStream(hosts).filter(host -> !host.isEmpty())
                        .map(host -> normalized(unbracketed(host))).collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
    }

    private InetAddress[] resolve(String tool, String host, Duration timeout) {
        CompletableFuture<InetAddress[]> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return dns.resolve(host);
            } catch (UnknownHostException e) {
                throw new CompletionException(e);
            }
        }, LOOKUPS);
        try {
            InetAddress[] addresses = lookup.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (addresses == null || addresses.length == 0) {
                throw new AttemptFailed(Kind.TROUBLE, tool + " could not be reached (UnknownHostException)");
            }
            return addresses;
        } catch (ExecutionException e) {
            throw new AttemptFailed(Kind.TROUBLE, tool + " could not be reached ("
                    + e.getCause().getClass().getSimpleName() + ")");
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new AttemptFailed(Kind.TIMED_OUT, tool + " gave no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw new AttemptFailed(Kind.STOPPED, tool + " was not answered: the executor is stopping");
        }
    }

    private static AttemptFailed forbidden(String workspaceId, String tool, String name, String why) {
        return new AttemptFailed(Kind.FORBIDDEN, tool + " may not call " + name + ": " + why
                + "; an operator may allow the host for this workspace in " + WorkspaceVariables.allowedHosts(workspaceId));
    }

    /** An IPv6 literal as a URL writes it, {@code [::1]}, is the address {@code ::1}. */
    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** A name as it is compared: lower case, without the root's trailing dots ({@code LOCALHOST.} is localhost). */
    private static String normalized(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name;
    }
}
