package io.kube4j.kubelet.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's WebSocket channel protocols for exec and attach: every binary message starts with
 * one byte naming its channel (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize), the rest is the
 * data. {@code v4} sends the end of the command on the error channel as a {@code metav1.Status}
 * JSON (a non-zero exit as reason {@code NonZeroExitCode} with an {@code ExitCode} cause); earlier
 * versions send an error's text there and nothing on success. {@code v5} adds channel 255: a client
 * message {@code [255, n]} closes stream n (stdin's end). The base64 variants are not offered.
 */
public enum ChannelProtocol {
    V5("v5.channel.k8s.io"),
    V4("v4.channel.k8s.io"),
    V3("v3.channel.k8s.io"),
    V2("v2.channel.k8s.io"),
    V1("channel.k8s.io");

    public static final byte STDIN = 0;
    public static final byte STDOUT = 1;
    public static final byte STDERR = 2;
    public static final byte ERROR = 3;
    public static final byte RESIZE = 4;
    /** v5: a client's "this stream is closed" message. */
    public static final byte CLOSE = (byte) 255;

    private final String header;

    ChannelProtocol(String header) {
        this.header = header;
    }

    /** The {@code Sec-WebSocket-Protocol} value. */
    public String header() {
        return header;
    }

    /**
     * The protocol to answer with: the first the client offers that is known here (upstream honours
     * the client's order); with nothing offered, the unversioned {@code channel.k8s.io} as upstream.
     * Empty when the client offers only unknown ones.
     */
    public static Optional<ChannelProtocol> choose(List<String> offered) {
        if (offered == null || offered.isEmpty()) {
            return Optional.of(V1);
        }
        for (String o : offered) {
            for (ChannelProtocol p : values()) {
                if (p.header.equalsIgnoreCase(o.trim())) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the end of a command is told as a Status JSON on the error channel (v4 and later). */
    public boolean statusOnError() {
        return this == V4 || this == V5;
    }

    /**
     * What the error channel says when a command ended with {@code exitCode}, or null when nothing
     * is to be sent (success before v4). {@code command} is named in the message (empty for attach).
     */
    public byte[] exitMessage(int exitCode, List<String> command) {
        String message = "command terminated with non-zero exit code: error executing command "
                + (command.isEmpty() ? "" : "[" + String.join(" ", command) + "], ") + "exit code " + exitCode;
        if (statusOnError()) {
            String json = exitCode == 0 ? "{\"metadata\":{},\"status\":\"Success\"}"
                    : "{\"metadata\":{},\"status\":\"Failure\",\"message\":" + jsonString(message)
                            + ",\"reason\":\"NonZeroExitCode\","
                            + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"" + exitCode + "\"}]}}";
            return json.getBytes(StandardCharsets.UTF_8);
        }
        return exitCode == 0 ? null : message.getBytes(StandardCharsets.UTF_8);
    }

    /** What the error channel says when the command could not run at all. */
    public byte[] failureMessage(String message) {
        if (statusOnError()) {
            return ("{\"metadata\":{},\"status\":\"Failure\",\"message\":" + jsonString(message) + "}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        return message.getBytes(StandardCharsets.UTF_8);
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
