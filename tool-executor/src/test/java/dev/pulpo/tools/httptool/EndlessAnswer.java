package dev.pulpo.tools.httptool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An API on 127.0.0.1 that answers (with the status it is given) and then streams a JSON array that never ends (chunked, no
 * {@code Content-Length}), until the client hangs up or {@link #GIVE_UP_AFTER} bytes are out. WireMock only serves
 * bodies it holds whole; this one shows whether a client stops reading or reads on.
 */
final class EndlessAnswer implements AutoCloseable {
    /** Far more than any socket buffer holds: a client that has not hung up by then is reading all of it. */
    static final long GIVE_UP_AFTER = 256L * 1024 * 1024;

    /** What the server saw: the bytes of body it wrote, and whether the client hung up before it gave up. */
    record Outcome(long bytesWritten, boolean clientHungUp) {
    }

    private final int status;
    private final ServerSocket server;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

    EndlessAnswer(int status) throws IOException {
        this.status = status;
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("endless-answer").start(this::serveOne);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/quote";
    }

    Outcome outcome() throws Exception {
        return outcome.get(30, TimeUnit.SECONDS);
    }

    private void serveOne() {
        long written = 0;
        try (Socket socket = server.accept()) {
            skipRequestHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 " + status + " Whatever\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "1\r\n[\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] ones = new byte[8192];
            Arrays.fill(ones, (byte) ' ');
            for (int i = 0; i < ones.length; i += 2) {
                ones[i] = '1';
                ones[i + 1] = ',';
            }
            byte[] chunk = join(("2000\r\n").getBytes(StandardCharsets.US_ASCII), ones, "\r\n".getBytes(StandardCharsets.US_ASCII));
            while (written < GIVE_UP_AFTER) {
                out.write(chunk);
                written += ones.length;
            }
            outcome.complete(new Outcome(written, false));
        } catch (IOException hungUp) {
            outcome.complete(new Outcome(written, true));
        }
    }

    private static void skipRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the request ended early");
            }
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
    }

    private static byte[] join(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
