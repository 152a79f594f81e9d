package io.nsgflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free local TCP ports. */
public final class Ports {

    private Ports() {}

    /** A port that was free on 127.0.0.1 a moment ago (the OS picks it). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }

    /** {@code configured} when it is set (> 0), otherwise a free port. */
    static int orFree(int configured) {
        return configured > 0 ? configured : free();
    }
}
