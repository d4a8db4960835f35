package io.kube4j.kubelet.probe;

import io.fabric8.kubernetes.api.model.HTTPHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * An httpGet probe as upstream's: a GET with {@code User-Agent: kube-probe/1.33} and
 * {@code Accept: *}{@code /*} unless the probe's headers set them (an empty Accept removes it), a
 * Host header from the probe's headers if given; a status from 200 to 399 is success. Redirects
 * are followed (at most 10) only while they stay on the same host; a redirect elsewhere ends the
 * probe with a warning (a success). HTTPS certificates are not verified. At most 10 KiB of the body
 * is read. The timeout bounds the whole exchange, redirects included.
 *
 * <p>Speaks HTTP/1.1 over its own socket with {@code Connection: close} (as upstream's probe client,
 * which disables keep-alives), so that every header, Host included, goes out as the probe says.
 * Stateless and thread-safe.
 */
final class HttpGetProbe {

    static final String USER_AGENT = "kube-probe/1.33";
    static final int MAX_BODY = 10 * 1024;
    private static final int MAX_REDIRECTS = 10;

    /** A request: scheme "http" or "https", the host to connect to, its port, the path (with query). */
    record Request(String scheme, String host, int port, String path, List<HTTPHeader> headers) {}

    private record Response(int status, String location, String body) {}

    ProbeResult run(Request request, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI url;
        try {
            url = new URI(request.scheme() + "://" + ProbePorts.hostPort(request.host(), request.port()) + path(request.path()));
        } catch (URISyntaxException e) {
            return ProbeResult.error("invalid probe URL: " + e.getMessage());
        }
        String originalHost = url.getHost();
        for (int redirects = 0; ; redirects++) {
            Response response;
            try {
                response = exchange(url, request.headers(), deadline);
            } catch (SocketTimeoutException e) {
                return ProbeResult.failure("Get \"" + url + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
            } catch (IOException e) {
                return ProbeResult.failure("Get \"" + url + "\": dial tcp " + url.getRawAuthority() + ": "
                        + TcpSocketProbe.describe(e, url.getHost()));
            } catch (ProtocolError e) {
                return ProbeResult.failure("Get \"" + url + "\": " + e.getMessage());
            }
            int status = response.status();
            boolean follows = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
            if (follows && response.location() != null) {
                URI next;
                try {
                    next = url.resolve(response.location());
                } catch (IllegalArgumentException e) {
                    return ProbeResult.failure("Get \"" + url + "\": failed to parse Location header \"" + response.location() + "\"");
                }
                boolean sameHost = next.getHost() != null && next.getHost().equalsIgnoreCase(originalHost);
                if (sameHost && ("http".equals(next.getScheme()) || "https".equals(next.getScheme()))) {
                    if (redirects + 1 >= MAX_REDIRECTS) {
                        return ProbeResult.failure("Get \"" + next + "\": stopped after " + MAX_REDIRECTS + " redirects");
                    }
                    url = next;
                    continue;
                }
            }
            if (status >= 200 && status < 400) {
                return status >= 300
                        ? ProbeResult.warning("Probe terminated redirects, Response body: " + response.body())
                        : ProbeResult.success(response.body());
            }
            return ProbeResult.failure("HTTP probe failed with statuscode: " + status);
        }
    }

    private static String path(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        return path.startsWith("/") ? path : "/" + path;
    }

    private static final class ProtocolError extends Exception {
        ProtocolError(String message) {
            super(message);
        }
    }

    private Response exchange(URI url, List<HTTPHeader> probeHeaders, long deadline) throws IOException, ProtocolError {
        boolean tls = "https".equals(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(url.getHost(), port), remainingMillis(deadline));
            Socket socket = tls ? tls(plain, url.getHost(), port) : plain;
            try {
                socket.setSoTimeout(remainingMillis(deadline));
                if (socket instanceof SSLSocket ssl) {
                    ssl.startHandshake();
                }
                OutputStream out = socket.getOutputStream();
                out.write(requestBytes(url, probeHeaders));
                out.flush();
                return read(new DeadlineInput(socket, deadline));
            } finally {
                if (socket != plain) {
                    socket.close();
                }
            }
        }
    }

    static byte[] requestBytes(URI url, List<HTTPHeader> probeHeaders) {
        List<String[]> headers = new ArrayList<>();
        String host = url.getRawAuthority();
        boolean userAgent = false;
        boolean accept = false;
        for (HTTPHeader h : probeHeaders == null ? List.<HTTPHeader>of() : probeHeaders) {
            if (h.getName() == null) {
                continue;
            }
            String name = h.getName();
            String value = h.getValue() == null ? "" : h.getValue();
            switch (name.toLowerCase(Locale.ROOT)) {
                case "host" -> host = value;
                case "user-agent" -> {
                    userAgent = true;
                    headers.add(new String[] {name, value});
                }
                case "accept" -> {
                    accept = true;
                    if (!value.isEmpty()) { // an empty Accept removes the header
                        headers.add(new String[] {name, value});
                    }
                }
                default -> headers.add(new String[] {name, value});
            }
        }
        if (!userAgent) {
            headers.add(new String[] {"User-Agent", USER_AGENT});
        }
        if (!accept) {
            headers.add(new String[] {"Accept", "*/*"});
        }
        String target = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            target += "?" + url.getRawQuery();
        }
        StringBuilder text = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n");
        text.append("Host: ").append(host).append("\r\n");
        for (String[] h : headers) {
            text.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        text.append("Connection: close\r\n\r\n");
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Response read(DeadlineInput in) throws IOException, ProtocolError {
        while (true) {
            String statusLine = in.line();
            if (statusLine == null) {
                throw new ProtocolError("EOF");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new ProtocolError("malformed HTTP response \"" + statusLine + "\"");
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new ProtocolError("malformed HTTP status code \"" + parts[1] + "\"");
            }
            String location = null;
            long contentLength = -1;
            boolean chunked = false;
            for (String line = in.line(); line != null && !line.isEmpty(); line = in.line()) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                switch (name) {
                    case "location" -> location = value;
                    case "content-length" -> contentLength = parseLength(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    default -> { }
                }
            }
            if (status >= 100 && status < 200) {
                continue; // an interim response; the real one follows
            }
            return new Response(status, location, new String(body(in, chunked, contentLength), StandardCharsets.UTF_8));
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** At most {@link #MAX_BODY} bytes of the body; the rest is not read (upstream truncates too). */
    private static byte[] body(DeadlineInput in, boolean chunked, long contentLength) throws IOException {
        var body = new java.io.ByteArrayOutputStream();
        if (chunked) {
            while (body.size() < MAX_BODY) {
                String sizeLine = in.line();
                if (sizeLine == null) {
                    break;
                }
                int semicolon = sizeLine.indexOf(';');
                int size;
                try {
                    size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                } catch (NumberFormatException e) {
                    break;
                }
                if (size == 0) {
                    break;
                }
                body.write(in.bytes(Math.min(size, MAX_BODY - body.size())));
                if (body.size() >= MAX_BODY) {
                    break;
                }
                in.line(); // the chunk's CRLF
            }
        } else {
            long want = contentLength < 0 ? MAX_BODY : Math.min(contentLength, MAX_BODY);
            body.write(in.bytes((int) want));
        }
        return body.toByteArray();
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    private static Socket tls(Socket plain, String host, int port) throws IOException {
        SSLSocket ssl = (SSLSocket) TRUST_ALL.getSocketFactory().createSocket(plain, host, port, false);
        ssl.setUseClientMode(true);
        return ssl;
    }

    /** Probes do not verify the serving certificate (upstream: InsecureSkipVerify). */
    private static final SSLContext TRUST_ALL = trustAll();

    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A socket's input whose every read is bounded by the exchange's deadline. */
    private static final class DeadlineInput {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;

        DeadlineInput(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        private int read() throws IOException {
            socket.setSoTimeout(remainingMillis(deadline));
            return in.read();
        }

        /** A line without its CRLF, or null at the end of the stream; lines are capped at 8 KiB. */
        String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = read(); ; c = read()) {
                if (c < 0) {
                    return line.isEmpty() ? null : line.toString();
                }
                if (c == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                if (line.length() < 8192) {
                    line.append((char) c);
                }
            }
        }

        byte[] bytes(int max) throws IOException {
            byte[] buffer = new byte[max];
            int n = 0;
            while (n < max) {
                socket.setSoTimeout(remainingMillis(deadline));
                int r = in.read(buffer, n, max - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return n == max ? buffer : java.util.Arrays.copyOf(buffer, n);
        }
    }
}
