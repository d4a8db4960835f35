package io.kube4j.kubelet.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/** A tcpSocket probe: success if a TCP connection opens within the timeout; it is closed at once. */
final class TcpSocketProbe {

    ProbeResult run(String host, int port, Duration timeout) {
        String address = ProbePorts.hostPort(host, port);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            return ProbeResult.success("");
        } catch (IOException e) {
            return ProbeResult.failure("dial tcp " + address + ": " + describe(e, host));
        }
    }

    /** A connection error in the words of Go's net package, which upstream's messages carry. */
    static String describe(IOException e, String host) {
        return switch (e) {
            case ConnectException c when c.getMessage() != null && c.getMessage().contains("refused") -> "connect: connection refused";
            case NoRouteToHostException n -> "connect: no route to host";
            case SocketTimeoutException t -> "i/o timeout";
            case UnknownHostException u -> "lookup " + host + ": no such host";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
