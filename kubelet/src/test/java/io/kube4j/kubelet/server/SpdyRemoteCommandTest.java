package io.kube4j.kubelet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kube4j.runtime.StreamSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The remote-command protocol over a session driven by hand, with host processes for the container's. */
@Timeout(30)
class SpdyRemoteCommandTest {

    private final FakeRuntime runtime = new FakeRuntime();
    private final SpdyWire wire = new SpdyWire();
    private final SpdySession session = new SpdySession(wire, "test");

    @AfterEach
    void stop() {
        session.inputEnded();
        runtime.close();
    }

    private void send(byte[]... frames) throws Exception {
        for (byte[] f : frames) {
            session.receive(ByteBuffer.wrap(f));
        }
    }

    /** Every frame up to and including GOAWAY: DATA collected per stream, FINs noted. */
    private record Outcome(Map<Integer, String> data, Set<Integer> finished) {}

    private Outcome untilGoAway() throws Exception {
        Map<Integer, ByteArrayOutputStream> data = new HashMap<>();
        Set<Integer> finished = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            SpdyFrames.Frame frame = wire.next();
            if (frame instanceof SpdyFrames.Data d) {
                data.computeIfAbsent(d.streamId(), k -> new ByteArrayOutputStream()).writeBytes(d.data());
                if ((d.flags() & SpdyFrames.FLAG_FIN) != 0) {
                    finished.add(d.streamId());
                }
            } else if (frame instanceof SpdyFrames.Control c && c.type() == SpdyFrames.GOAWAY) {
                Map<Integer, String> text = new HashMap<>();
                data.forEach((k, v) -> text.put(k, v.toString(StandardCharsets.UTF_8)));
                return new Outcome(text, finished);
            }
        }
        throw new AssertionError("no GOAWAY");
    }

    @Test
    void streamsInAnyOrderThenStdinToTheProcessAndItsOutputBackWithAV4Success() throws Exception {
        StreamSession cat = runtime.exec("c", List.of("cat"), false, true);
        SpdyRemoteCommand command = new SpdyRemoteCommand(session, cat, ChannelProtocol.V4, true, true, false, false,
                "test", List.of("cat"));
        session.handler(command);
        assertEquals(Set.of("error", "stdin", "stdout"), command.expected());
        send(wire.synStream(1, Map.of("streamType", "stdout")), wire.synStream(3, Map.of("streamType", "stdin")),
                wire.synStream(5, Map.of("streamType", "error")));
        for (int i = 0; i < 3; i++) {
            wire.control(SpdyFrames.SYN_REPLY);
        }
        byte[] line = "through spdy\n".getBytes(StandardCharsets.UTF_8);
        send(SpdyFrames.data(3, SpdyFrames.FLAG_FIN, line, 0, line.length));
        Outcome outcome = untilGoAway();
        assertEquals("through spdy\n", outcome.data().get(1));
        assertEquals("{\"metadata\":{},\"status\":\"Success\"}", outcome.data().get(5));
        assertEquals(Set.of(1, 5), outcome.finished());
    }

    @Test
    void aNonZeroExitIsAV4StatusWithItsExitCode() throws Exception {
        StreamSession exit = runtime.exec("c", List.of("sh", "-c", "echo oops >&2; exit 3"), false, false);
        session.handler(new SpdyRemoteCommand(session, exit, ChannelProtocol.V4, false, true, true, false, "test",
                List.of("sh", "-c", "exit 3")));
        send(wire.synStream(1, Map.of("streamtype", "error")), wire.synStream(3, Map.of("streamtype", "stdout")),
                wire.synStream(5, Map.of("streamtype", "stderr")));
        Outcome outcome = untilGoAway();
        assertEquals("oops\n", outcome.data().get(5));
        String status = outcome.data().get(1);
        assertTrue(status.contains("\"reason\":\"NonZeroExitCode\""), status);
        assertTrue(status.contains("\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]"), status);
        assertEquals(Set.of(1, 3, 5), outcome.finished());
    }

    @Test
    void beforeV4ASuccessSaysNothingAndAFailureIsText() throws Exception {
        StreamSession ok = runtime.exec("c", List.of("true"), false, false);
        session.handler(new SpdyRemoteCommand(session, ok, ChannelProtocol.V2, false, true, false, false, "test",
                List.of("true")));
        send(wire.synStream(1, Map.of("streamtype", "error")), wire.synStream(3, Map.of("streamtype", "stdout")));
        Outcome success = untilGoAway();
        assertEquals("", success.data().getOrDefault(1, ""), "v2 says nothing on success");
        assertTrue(success.finished().contains(1));

        SpdyWire other = new SpdyWire();
        SpdySession second = new SpdySession(other, "second");
        StreamSession fail = runtime.exec("c", List.of("sh", "-c", "exit 2"), false, false);
        second.handler(new SpdyRemoteCommand(second, fail, ChannelProtocol.V3, false, true, false, false, "test",
                List.of("sh", "-c", "exit 2")));
        second.receive(ByteBuffer.wrap(other.synStream(1, Map.of("streamtype", "error"))));
        second.receive(ByteBuffer.wrap(other.synStream(3, Map.of("streamtype", "stdout"))));
        ByteArrayOutputStream error = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            SpdyFrames.Frame f = other.next();
            if (f instanceof SpdyFrames.Data d && d.streamId() == 1) {
                error.writeBytes(d.data());
                if ((d.flags() & SpdyFrames.FLAG_FIN) != 0) {
                    break;
                }
            }
        }
        second.inputEnded();
        assertEquals("command terminated with non-zero exit code: error executing command [sh -c exit 2], exit code 2",
                error.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTerminalWaitsForTheResizeStreamAndAppliesItsJsonLines() throws Exception {
        Scripted process = new Scripted();
        SpdyRemoteCommand command = new SpdyRemoteCommand(session, process, ChannelProtocol.V4, true, true, true, true,
                "test", List.of("sh"));
        session.handler(command);
        assertEquals(Set.of("error", "stdin", "stdout", "resize"), command.expected(), "no stderr with a terminal");
        send(wire.synStream(1, Map.of("streamtype", "error")), wire.synStream(3, Map.of("streamtype", "stdin")),
                wire.synStream(5, Map.of("streamtype", "stdout")), wire.synStream(7, Map.of("streamtype", "resize")));
        byte[] sizes = "{\"Width\":80,\"Height\":24}\n{\"Width\":120,\"Height\":40}\n".getBytes(StandardCharsets.UTF_8);
        send(SpdyFrames.data(7, 0, sizes, 0, 10), SpdyFrames.data(7, 0, sizes, 10, sizes.length - 10));
        send(SpdyFrames.data(3, 0, "ls\n".getBytes(StandardCharsets.UTF_8), 0, 3));
        assertEquals(List.of(List.of(80, 24), List.of(120, 40)), process.sizes);
        assertEquals("ls\n", process.in.toString(StandardCharsets.UTF_8));
        process.exit.countDown();
        Outcome outcome = untilGoAway();
        assertEquals("{\"metadata\":{},\"status\":\"Success\"}", outcome.data().get(1));
    }

    @Test
    void anUnexpectedStreamIsReset() throws Exception {
        Scripted process = new Scripted();
        session.handler(new SpdyRemoteCommand(session, process, ChannelProtocol.V4, false, true, false, false, "test",
                List.of("x")));
        send(wire.synStream(1, Map.of("streamtype", "stdin")));
        wire.control(SpdyFrames.SYN_REPLY);
        assertEquals(SpdyFrames.REFUSED_STREAM, ByteBuffer.wrap(wire.control(SpdyFrames.RST_STREAM).payload()).getInt(4));
        process.exit.countDown();
    }

    @Test
    void theClientGoingAwayEndsTheProcessSession() throws Exception {
        Scripted process = new Scripted();
        session.handler(new SpdyRemoteCommand(session, process, ChannelProtocol.V4, false, true, false, false, "test",
                List.of("x")));
        send(wire.synStream(1, Map.of("streamtype", "error")));
        session.inputEnded();
        KubeletProxyIT.waitFor(() -> process.closed);
    }

    /** A process that waits for the test, recording stdin and terminal sizes. */
    private static final class Scripted implements StreamSession {
        final ByteArrayOutputStream in = new ByteArrayOutputStream();
        final List<List<Integer>> sizes = new CopyOnWriteArrayList<>();
        final CountDownLatch exit = new CountDownLatch(1);
        volatile boolean closed;

        @Override
        public OutputStream stdin() {
            return in;
        }

        @Override
        public InputStream stdout() {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public InputStream stderr() {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public void resize(int columns, int rows) {
            sizes.add(List.of(columns, rows));
        }

        @Override
        public int waitFor() throws InterruptedException {
            exit.await();
            return 0;
        }

        @Override
        public void close() {
            closed = true;
            exit.countDown();
        }
    }
}
