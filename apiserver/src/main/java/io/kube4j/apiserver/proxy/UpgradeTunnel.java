package io.kube4j.apiserver.proxy;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.http.Call;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's {@code UpgradeAwareHandler} for a SPDY/3.1 upgrade on {@code pods/exec}, {@code attach}
 * or {@code portforward}: the apiserver sends the client's upgrade request to the kubelet over a TLS
 * connection of its own (with its kubelet client certificate, {@link KubeletClient#connect}); when
 * the kubelet answers 101, the client gets a 101 with the kubelet's headers (the negotiated
 * {@code X-Stream-Protocol-Version} among them) and the two connections are spliced byte for byte,
 * both ways, until either side ends: no SPDY is parsed here. Any other answer is the kubelet's
 * refusal, passed on with its status and text as {@link PodConnect} does for WebSocket. Stateless
 * apart from the client; thread-safe.
 */
final class UpgradeTunnel {

    private static final Logger LOG = LoggerFactory.getLogger(UpgradeTunnel.class);
    /** The client's headers the kubelet needs to answer the upgrade (its identity is the apiserver's). */
    private static final List<String> FORWARDED = List.of("Upgrade", "Connection", "X-Stream-Protocol-Version",
            "User-Agent");
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_BODY = 64 * 1024;

    private final KubeletClient kubelets;

    UpgradeTunnel(KubeletClient kubelets) {
        this.kubelets = kubelets;
    }

    /** The kubelet's answer head: status, headers, and the stream positioned after them. */
    private record Answer(int status, HttpFields headers, InputStream body) {}

    /**
     * Proxies {@code call}'s upgrade to {@code kubelet} (the kubelet URL with the forwarded query).
     *
     * @throws ApiException the kubelet's refusal, or 503 when it cannot be reached
     */
    void open(Call call, URI kubelet, String what) {
        if (!RawUpgrade.possible(call.request())) {
            throw new ApiException.BadRequest("a SPDY upgrade needs an HTTP/1.1 connection");
        }
        Socket socket;
        try {
            socket = kubelets.connect(kubelet);
        } catch (IOException e) {
            throw PodConnect.unreachable(kubelet, e);
        }
        Answer answer;
        try {
            socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
            writeRequest(socket.getOutputStream(), call, kubelet);
            answer = readAnswer(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
            socket.setSoTimeout(0);
        } catch (IOException e) {
            closeQuietly(socket);
            throw PodConnect.unreachable(kubelet, e instanceof SocketTimeoutException
                    ? new java.net.http.HttpTimeoutException("no answer within " + ANSWER_TIMEOUT.toSeconds() + " s") : e);
        }
        if (answer.status() != 101) {
            String body = readBody(answer);
            closeQuietly(socket);
            throw PodConnect.refusal(answer.status(), body.isBlank() ? "the kubelet refused the upgrade" : body);
        }
        HttpFields.Mutable headers = HttpFields.build();
        for (HttpField field : answer.headers()) {
            String name = field.getName().toLowerCase(Locale.ROOT);
            if (!name.equals("content-length") && !name.equals("date") && !name.equals("server")) {
                headers.add(field);
            }
        }
        InputStream fromKubelet = answer.body();
        call.request().addIdleTimeoutListener(t -> false);
        RawUpgrade.upgrade(call.request(), call.response(), call.callback(), headers, what,
                client -> splice(client, socket, fromKubelet, what));
    }

    private static void writeRequest(OutputStream out, Call call, URI kubelet) throws IOException {
        StringBuilder head = new StringBuilder();
        String target = kubelet.getRawPath() + (kubelet.getRawQuery() == null ? "" : "?" + kubelet.getRawQuery());
        head.append(call.request().getMethod()).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(kubelet.getHost()).append(':').append(kubelet.getPort()).append("\r\n");
        HttpFields incoming = call.request().getHeaders();
        for (String name : FORWARDED) {
            for (String value : incoming.getValuesList(name)) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        }
        head.append("Content-Length: 0\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static Answer readAnswer(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("malformed answer from the kubelet: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed status from the kubelet: " + statusLine, e);
        }
        HttpFields.Mutable headers = HttpFields.build();
        int total = statusLine.length();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            total += line.length();
            if (total > MAX_HEAD) {
                throw new IOException("the kubelet's answer head is over " + MAX_HEAD + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return new Answer(status, headers, in);
    }

    /** One header line without its CRLF. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (line.size() > MAX_HEAD) {
                throw new IOException("a header line of the kubelet's answer is too long");
            }
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            throw new IOException("the kubelet closed the connection without an answer");
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** The refusal's text (at most {@value #MAX_BODY} bytes; by Content-Length, or to the end). */
    private static String readBody(Answer answer) {
        try {
            String length = answer.headers().get("Content-Length");
            int limit = MAX_BODY;
            if (length != null) {
                limit = (int) Math.min(MAX_BODY, Long.parseLong(length.trim()));
            }
            return new String(answer.body().readNBytes(limit), StandardCharsets.UTF_8);
        } catch (IOException | NumberFormatException e) {
            return "";
        }
    }

    /** Copies both ways; the first direction to end closes both connections, after it has flushed. */
    private static void splice(RawConnection client, Socket kubelet, InputStream fromKubelet, String what) {
        Thread up = Thread.ofVirtual().name("tunnel-up").start(() -> {
            try {
                copy(client.input(), kubelet.getOutputStream());
            } catch (IOException e) {
                LOG.debug("{}: client to kubelet ended: {}", what, e.toString());
            } finally {
                closeQuietly(kubelet);
                client.close();
            }
        });
        try {
            copy(fromKubelet, client.output());
        } catch (IOException e) {
            LOG.debug("{}: kubelet to client ended: {}", what, e.toString());
        } finally {
            client.close();
            closeQuietly(kubelet);
        }
        try {
            up.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (n > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
