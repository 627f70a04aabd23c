package dev.pulpo.tools.httptool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which addresses an HTTP tool may never reach unless the operator allows its host: each range, at its edges. */
class HostGuardTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "0.0.0.0         | an any-local address",
            "0.255.255.255   | an any-local address",
            "127.0.0.1       | a loopback address",
            "127.255.255.254 | a loopback address",
            "10.0.0.0        | a private address",
            "10.255.255.255  | a private address",
            "172.16.0.0      | a private address",
            "172.31.255.255  | a private address",
            "192.168.0.1     | a private address",
            "169.254.0.1     | a link-local address",
            "169.254.169.254 | the cloud metadata address",
            "100.64.0.0      | a carrier-grade NAT address",
            "100.127.255.255 | a carrier-grade NAT address",
            "100.100.100.200 | a carrier-grade NAT address",
            "224.0.0.1       | a multicast address",
            "239.255.255.255 | a multicast address",
            "240.0.0.1       | a reserved address",
            "255.255.255.255 | a reserved address",
            "::              | an any-local address",
            "::1             | a loopback address",
            "fc00::1         | a private address",
            "fdff:ffff::1    | a private address",
            "fd00:ec2::254   | the cloud metadata address",
            "fec0::1         | a private address",
            "fe80::1         | a link-local address",
            "febf::1         | a link-local address",
            "ff02::1         | a multicast address",
            "::ffff:10.0.0.1 | a private address",
            "::127.0.0.1     | a loopback address",
            "64:ff9b::a9fe:a9fe | the cloud metadata address",
            "2002:7f00:1::1  | a loopback address",
            "2002:a00:1::1   | a private address"})
    void anInternalAddressIsNamedForWhatItIs(String address, String what) throws IOException {
        assertThat(HostGuard.internal(InetAddress.getByName(address))).contains(what);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "9.255.255.255", "11.0.0.0", "100.63.255.255",
            "100.128.0.0", "172.15.255.255", "172.32.0.0", "192.167.255.255", "192.169.0.0", "169.253.255.255",
            "223.255.255.255", "2606:4700:4700::1111", "2001:db8::1", "fbff::1", "64:ff9b::808:808", "2002:808:808::1"})
    void anAddressOnTheInternetIsNotInternal(String address) throws IOException {
        assertThat(HostGuard.internal(InetAddress.getByName(address))).isEmpty();
    }

    /** A service added to the stack is refused by name too, or this fails. */
    @Test
    void everyServiceOfTheComposeStackIsRefusedByName() throws IOException {
        List<String> services = composeServices(Path.of("..", "docker-compose.yml"));

        assertThat(services).contains("kafka", "tool-executor", "n8n");
        assertThat(HostGuard.PULPOS_OWN).containsAll(services).contains("localhost");
    }

    /** The keys of the top-level {@code services:} block. */
    private static List<String> composeServices(Path compose) throws IOException {
        List<String> services = new ArrayList<>();
        boolean inServices = false;
        Pattern service = Pattern.compile("^  ([A-Za-z0-9_.-]+):\\s*$");
        for (String line : Files.readAllLines(compose)) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
                inServices = line.startsWith("services:");
                continue;
            }
            Matcher name = service.matcher(line);
            if (inServices && name.matches()) {
                services.add(name.group(1));
            }
        }
        return services;
    }
}
