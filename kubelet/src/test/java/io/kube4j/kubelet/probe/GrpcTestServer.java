package io.kube4j.kubelet.probe;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A gRPC health server for tests: Jetty over cleartext HTTP/2 (prior knowledge), answering
 * grpc.health.v1.Health/Check by service name: "" and "ok" SERVING, "down" NOT_SERVING, "unknown"
 * NOT_FOUND, "unimplemented" UNIMPLEMENTED, "slow" after 3 s. Records each request's service and user agent.
 */
final class GrpcTestServer implements AutoCloseable {

    final List<String> services = new CopyOnWriteArrayList<>();
    final List<String> userAgents = new CopyOnWriteArrayList<>();
    private final Server server = new Server();
    private final ServerConnector connector;

    GrpcTestServer() throws Exception {
        connector = new ServerConnector(server, new HTTP2CServerConnectionFactory(new HttpConfiguration()));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                ByteBuffer body = Content.Source.asByteBuffer(request);
                byte[] bytes = new byte[body.remaining()];
                body.get(bytes);
                String service = parseService(bytes);
                services.add(service);
                userAgents.add(request.getHeaders().get("user-agent"));
                boolean health = request.getHttpURI().getPath().equals("/grpc.health.v1.Health/Check")
                        && "application/grpc".equals(request.getHeaders().get("content-type"))
                        && "trailers".equals(request.getHeaders().get("te"));
                response.setStatus(200);
                response.getHeaders().put("content-type", "application/grpc");
                if (!health || service.equals("unimplemented")) {
                    trailersOnly(response, callback, 12, "unknown service grpc.health.v1.Health");
                    return true;
                }
                switch (service) {
                    case "", "ok" -> reply(response, callback, 1);
                    case "down" -> reply(response, callback, 2);
                    case "unknown" -> trailersOnly(response, callback, 5, "unknown service");
                    case "slow" -> {
                        Thread.sleep(3000);
                        reply(response, callback, 1);
                    }
                    default -> reply(response, callback, 3);
                }
                return true;
            }
        });
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    private static void reply(Response response, Callback callback, int status) {
        response.setTrailersSupplier(() -> HttpFields.build().put("grpc-status", "0"));
        byte[] message = {0x08, (byte) status}; // HealthCheckResponse{status}
        response.write(true, ByteBuffer.wrap(GrpcHealthCall.grpcMessage(message)), callback);
    }

    private static void trailersOnly(Response response, Callback callback, int code, String message) {
        response.getHeaders().put("grpc-status", String.valueOf(code));
        response.getHeaders().put("grpc-message", message.replace(" ", "%20"));
        response.write(true, ByteBuffer.allocate(0), callback);
    }

    private static String parseService(byte[] frame) {
        if (frame.length <= 5 + 2 || frame[5] != 0x0a) {
            return "";
        }
        int length = frame[6] & 0x7f; // short names only
        return new String(frame, 7, length, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
