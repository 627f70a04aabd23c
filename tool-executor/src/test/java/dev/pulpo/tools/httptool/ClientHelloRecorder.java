package dev.pulpo.tools.httptool;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A TLS server on 127.0.0.1 that reads the first ClientHello and hangs up: enough to see which name the client
 * asked for (SNI), with no certificate needed. The client's handshake fails, which is all the test wants from it.
 */
final class ClientHelloRecorder implements AutoCloseable {
    private final ServerSocket server;
    private final CompletableFuture<Optional<String>> serverName = new CompletableFuture<>();

    ClientHelloRecorder() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("client-hello-recorder").start(this::recordOne);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The host name in the ClientHello's server_name extension; empty when it had none. */
    Optional<String> serverName() throws Exception {
        return serverName.get(10, TimeUnit.SECONDS);
    }

    private void recordOne() {
        try (Socket socket = server.accept()) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            in.skipNBytes(5);                        // record: type, version, length
            in.skipNBytes(4);                        // handshake: type (1, ClientHello), length
            in.skipNBytes(2 + 32);                   // client version, random
            in.skipNBytes(in.readUnsignedByte());    // session id
            in.skipNBytes(in.readUnsignedShort());   // cipher suites
            in.skipNBytes(in.readUnsignedByte());    // compression methods
            int left = in.readUnsignedShort();       // extensions
            while (left > 0) {
                int type = in.readUnsignedShort();
                int length = in.readUnsignedShort();
                left -= 4 + length;
                if (type != 0) {
                    in.skipNBytes(length);
                    continue;
                }
                in.skipNBytes(2 + 1);                // server name list length, name type (0, host_name)
                byte[] name = new byte[in.readUnsignedShort()];
                in.readFully(name);
                serverName.complete(Optional.of(new String(name, StandardCharsets.US_ASCII)));
                return;
            }
            serverName.complete(Optional.empty());
        } catch (IOException e) {
            serverName.completeExceptionally(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
