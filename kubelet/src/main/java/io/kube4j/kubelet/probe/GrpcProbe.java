package io.kube4j.kubelet.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A grpc probe as upstream's: {@code grpc.health.v1.Health/Check} with the probe's service name on
 * the pod's IP and the probe's port, over cleartext HTTP/2; SERVING is success, any other status, an
 * RPC error or a timeout is a failure with upstream's message. Stateless and thread-safe.
 */
final class GrpcProbe {

    private static final String[] SERVING_STATUS = {"UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"};
    private static final String[] CODES = {"OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound",
        "AlreadyExists", "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange",
        "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated"};

    ProbeResult run(String host, int port, String service, Duration timeout) {
        String address = ProbePorts.hostPort(host, port);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            } catch (SocketTimeoutException e) {
                return ProbeResult.failure("timeout: failed to connect service \"" + address + "\" within " + seconds(timeout)
                        + ": context deadline exceeded");
            } catch (IOException e) {
                return ProbeResult.failure("error: failed to connect service at \"" + address + "\": dial tcp " + address + ": "
                        + TcpSocketProbe.describe(e, host));
            }
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            socket.setSoTimeout((int) left);
            GrpcHealthCall.Reply reply;
            try {
                reply = new GrpcHealthCall(socket, address).check(service == null ? "" : service, left);
            } catch (SocketTimeoutException e) {
                return ProbeResult.failure("timeout: health rpc did not complete within " + seconds(timeout));
            }
            if (reply.httpStatus() != 200) {
                return ProbeResult.failure("error: health rpc probe failed: rpc error: code = Unknown desc = unexpected HTTP status code "
                        + reply.httpStatus());
            }
            int code = reply.grpcStatus() == null ? 2 : reply.grpcStatus();
            if (code == 12) {
                return ProbeResult.failure("this server does not implement the grpc health protocol (grpc.health.v1.Health): "
                        + reply.grpcMessage());
            }
            if (code == 4) {
                return ProbeResult.failure("timeout: health rpc did not complete within " + seconds(timeout));
            }
            if (code != 0 || reply.message() == null) {
                String name = code >= 0 && code < CODES.length ? CODES[code] : "Code(" + code + ")";
                return ProbeResult.failure("error: health rpc probe failed: rpc error: code = " + name + " desc = " + reply.grpcMessage());
            }
            int status = GrpcHealthCall.status(reply.message());
            if (status != 1) {
                String name = status >= 0 && status < SERVING_STATUS.length ? SERVING_STATUS[status] : String.valueOf(status);
                return ProbeResult.failure("service unhealthy (responded with \"" + name + "\")");
            }
            return ProbeResult.success("service healthy");
        } catch (IOException e) {
            return ProbeResult.failure("error: health rpc probe failed: rpc error: code = Unavailable desc = " + e.getMessage());
        }
    }

    /** A duration as Go prints it for whole seconds ("1s"). */
    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
