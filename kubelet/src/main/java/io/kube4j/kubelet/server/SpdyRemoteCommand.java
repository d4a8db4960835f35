package io.kube4j.kubelet.server;

import io.kube4j.runtime.StreamSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Upstream's remote-command protocol for exec and attach over SPDY ({@code v4.channel.k8s.io} down
 * to {@code channel.k8s.io}): the client opens one stream per role, in any order, each naming its
 * role in the {@code streamType} header ({@code error}, {@code stdin}, {@code stdout},
 * {@code stderr}, {@code resize}); the kubelet waits for the set the request asked for (error
 * always; stdin, stdout, stderr as the query says, stderr never with a terminal; resize with a
 * terminal from v3) for at most {@link #STREAM_CREATION_TIMEOUT}, then copies: stdin's data to
 * the process (its FIN closes the process's stdin), the process's output to stdout and stderr
 * (FIN at their end), terminal sizes from resize's JSON lines ({@code {"Width":..,"Height":..}}).
 * When the process ends and its output is drained, the error stream says how
 * ({@link ChannelProtocol#exitMessage}: v4 a {@code Status}, earlier text on failure only) and the
 * session ends with GOAWAY. A client that goes away ends the process's session (exec: killed;
 * attach: detached). Thread-safe.
 */
final class SpdyRemoteCommand implements SpdySession.Handler {

    /** Upstream's default for how long the client may take to open its streams. */
    static final Duration STREAM_CREATION_TIMEOUT = Duration.ofSeconds(30);
    /** How long the client may take to close the connection after the end is told. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(SpdyRemoteCommand.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StreamSession process;
    private final ChannelProtocol protocol;
    private final Set<String> expected;
    private final String what;
    private final List<String> command;
    private final SpdySession session;
    private final Map<String, SpdyStream> streams = new ConcurrentHashMap<>();
    private final CountDownLatch complete = new CountDownLatch(1);
    private final AtomicBoolean ended = new AtomicBoolean();

    /**
     * @param protocol the negotiated version ({@link ChannelProtocol#V1} when none was)
     * @param what names the stream for log messages (e.g. "exec ns/pod/container")
     * @param command the exec'd command (empty for attach), named in a non-zero exit's message
     */
    SpdyRemoteCommand(SpdySession session, StreamSession process, ChannelProtocol protocol, boolean stdin,
            boolean stdout, boolean stderr, boolean tty, String what, List<String> command) {
        this.session = session;
        this.process = process;
        this.protocol = protocol;
        this.what = what;
        this.command = List.copyOf(command);
        Set<String> want = new java.util.HashSet<>();
        want.add("error");
        if (stdin) {
            want.add("stdin");
        }
        if (stdout) {
            want.add("stdout");
        }
        if (stderr && !tty) {
            want.add("stderr");
        }
        if (tty && protocol != ChannelProtocol.V1 && protocol != ChannelProtocol.V2) {
            want.add("resize");
        }
        this.expected = Set.copyOf(want);
        Thread.ofVirtual().name("spdy-stream-wait").start(this::awaitStreams);
    }

    /** The stream types this request waits for. */
    Set<String> expected() {
        return expected;
    }

    @Override
    public void onStream(SpdyStream stream) throws IOException {
        String type = stream.header("streamtype");
        if (!expected.contains(type)) {
            throw new IOException("unexpected stream type \"" + type + "\"");
        }
        if (streams.putIfAbsent(type, stream) != null) {
            throw new IOException("duplicate stream for type " + type);
        }
        switch (type) {
            case "stdin" -> stream.receiver(new SpdyStream.Receiver() {
                @Override
                public void data(byte[] bytes) throws IOException {
                    process.stdin().write(bytes);
                    process.stdin().flush();
                }

                @Override
                public void end() {
                    try {
                        process.stdin().close();
                    } catch (IOException e) {
                        LOG.debug("{}: closing stdin failed: {}", what, e.getMessage());
                    }
                }
            });
            case "resize" -> stream.receiver(new Resizes());
            default -> {
                // error, stdout, stderr: the client sends nothing on them.
            }
        }
        if (streams.keySet().containsAll(expected)) {
            complete.countDown();
        }
    }

    private void awaitStreams() {
        try {
            if (!complete.await(STREAM_CREATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.info("{}: timed out waiting for client to create streams (have {}, want {})", what,
                        streams.keySet(), expected);
                end();
                session.close();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (ended.get()) {
            return;
        }
        List<Thread> pumps = new ArrayList<>();
        pumps.add(Thread.ofVirtual().name("spdy-stdout").start(() -> pump(process.stdout(), streams.get("stdout"))));
        pumps.add(Thread.ofVirtual().name("spdy-stderr").start(() -> pump(process.stderr(), streams.get("stderr"))));
        finish(pumps);
    }

    /** Copies one of the process's streams to its SPDY stream (or drains it when not asked for). */
    private void pump(InputStream in, SpdyStream out) {
        byte[] buffer = new byte[SpdyStream.MAX_DATA];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out != null && n > 0) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: output ended: {}", what, e.getMessage());
        } finally {
            if (out != null) {
                out.finish();
            }
        }
    }

    /** Waits for the process and its output, tells the exit on the error stream, ends the session. */
    private void finish(List<Thread> pumps) {
        try {
            int exit = process.waitFor();
            for (Thread pump : pumps) {
                pump.join(10_000);
            }
            if (ended.get()) {
                return;
            }
            SpdyStream error = streams.get("error");
            byte[] message = protocol.exitMessage(exit, command);
            if (message != null) {
                error.write(message);
            }
            error.finish();
            session.close(CLOSE_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: could not send the end: {}", what, e.getMessage());
        } finally {
            end();
            session.close();
        }
    }

    @Override
    public void onEnd() {
        end();
        complete.countDown();
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            process.close();
        }
    }

    /** The resize stream: one JSON object per line (Go's json.Encoder), possibly split across frames. */
    private final class Resizes implements SpdyStream.Receiver {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public void data(byte[] bytes) {
            for (byte b : bytes) {
                if (b == '\n') {
                    apply(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else if (line.size() < 4096) {
                    line.write(b);
                }
            }
        }

        private void apply(String json) {
            if (json.isBlank()) {
                return;
            }
            try {
                JsonNode size = JSON.readTree(json);
                process.resize(size.path("Width").asInt(0), size.path("Height").asInt(0));
            } catch (RuntimeException e) {
                LOG.debug("{}: bad resize {}: {}", what, json, e.getMessage());
            }
        }

        @Override
        public void end() {
            apply(line.toString(StandardCharsets.UTF_8));
        }
    }
}
