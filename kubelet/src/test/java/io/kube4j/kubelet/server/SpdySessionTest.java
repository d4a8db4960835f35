package io.kube4j.kubelet.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SpdySessionTest {

    /** A handler that keeps the streams and records what their receivers get. */
    static final class Recorder implements SpdySession.Handler {
        final List<SpdyStream> streams = new CopyOnWriteArrayList<>();
        final Map<Integer, ByteArrayOutputStream> received = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<Integer, AtomicInteger> ends = new java.util.concurrent.ConcurrentHashMap<>();
        final CountDownLatch sessionEnded = new CountDownLatch(1);

        @Override
        public void onStream(SpdyStream stream) {
            streams.add(stream);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            AtomicInteger ended = new AtomicInteger();
            received.put(stream.id(), bytes);
            ends.put(stream.id(), ended);
            stream.receiver(new SpdyStream.Receiver() {
                @Override
                public void data(byte[] data) {
                    bytes.writeBytes(data);
                }

                @Override
                public void end() {
                    ended.incrementAndGet();
                }
            });
        }

        @Override
        public void onEnd() {
            sessionEnded.countDown();
        }
    }

    private final SpdyWire wire = new SpdyWire();
    private final Recorder recorder = new Recorder();
    private final SpdySession session = new SpdySession(wire, "test");

    {
        session.handler(recorder);
    }

    private void send(byte[]... frames) throws IOException {
        for (byte[] f : frames) {
            session.receive(ByteBuffer.wrap(f));
        }
    }

    @Test
    void everyStreamIsRepliedAndHandedOverWithItsHeadersInOneCompressionContext() throws Exception {
        send(wire.synStream(1, Map.of("streamType", "error")), wire.synStream(3, Map.of("streamType", "stdout",
                "X-Extra", "a\u0000b")));
        SpdyFrames.Control first = wire.control(SpdyFrames.SYN_REPLY);
        assertEquals(1, SpdyWire.streamId(first));
        assertEquals(Map.of(), wire.replyHeaders(first));
        SpdyFrames.Control second = wire.control(SpdyFrames.SYN_REPLY);
        assertEquals(3, SpdyWire.streamId(second));
        assertEquals(Map.of(), wire.replyHeaders(second), "the reply's zlib context carries over");
        assertEquals(2, recorder.streams.size());
        assertEquals("error", recorder.streams.get(0).header("streamtype"), "names arrive lower-case");
        assertEquals("a\u0000b", recorder.streams.get(1).header("x-extra"));
    }

    @Test
    void repliesWithHeadersDecodeOnTheClient() throws Exception {
        SpdyFrames server = new SpdyFrames();
        byte[] a = server.synReply(1, Map.of("X-Stream-Protocol-Version", "v4.channel.k8s.io"));
        byte[] b = server.synReply(3, Map.of("port", "8080"));
        assertEquals(Map.of("x-stream-protocol-version", "v4.channel.k8s.io"),
                wire.replyHeaders((SpdyFrames.Control) SpdyFrames.next(ByteBuffer.wrap(a))));
        assertEquals(Map.of("port", "8080"), wire.replyHeaders((SpdyFrames.Control) SpdyFrames.next(ByteBuffer.wrap(b))));
    }

    @Test
    void dataSplitAcrossReadsReachesTheReceiverInOrderAndFinEndsItOnce() throws Exception {
        send(wire.synStream(1, Map.of("streamtype", "stdin")));
        wire.control(SpdyFrames.SYN_REPLY);
        byte[] one = SpdyFrames.data(1, 0, "hello ".getBytes(StandardCharsets.UTF_8), 0, 6);
        byte[] two = SpdyFrames.data(1, SpdyFrames.FLAG_FIN, "world".getBytes(StandardCharsets.UTF_8), 0, 5);
        byte[] both = ByteBuffer.allocate(one.length + two.length).put(one).put(two).array();
        // Cut inside the first frame's header, then inside the second's payload.
        session.receive(ByteBuffer.wrap(Arrays.copyOfRange(both, 0, 5)));
        session.receive(ByteBuffer.wrap(Arrays.copyOfRange(both, 5, both.length - 2)));
        assertEquals("hello ", recorder.received.get(1).toString(StandardCharsets.UTF_8));
        assertEquals(0, recorder.ends.get(1).get());
        session.receive(ByteBuffer.wrap(Arrays.copyOfRange(both, both.length - 2, both.length)));
        assertEquals("hello world", recorder.received.get(1).toString(StandardCharsets.UTF_8));
        assertEquals(1, recorder.ends.get(1).get());
        send(SpdyFrames.data(1, 0, new byte[] {1}, 0, 1));
        assertEquals("hello world", recorder.received.get(1).toString(StandardCharsets.UTF_8), "no data after FIN");
    }

    @Test
    void writesAreDataFramesOfAtMost32KiBAndFinishSendsOneFin() throws Exception {
        send(wire.synStream(1, Map.of("streamtype", "stdout")));
        wire.control(SpdyFrames.SYN_REPLY);
        SpdyStream stream = recorder.streams.getFirst();
        byte[] payload = new byte[70_000];
        new java.util.Random(1).nextBytes(payload);
        stream.write(payload);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        List<Integer> sizes = new ArrayList<>();
        while (got.size() < payload.length) {
            SpdyFrames.Data d = wire.data();
            assertEquals(1, d.streamId());
            assertEquals(0, d.flags());
            sizes.add(d.data().length);
            got.writeBytes(d.data());
        }
        assertEquals(List.of(32768, 32768, 4464), sizes);
        assertArrayEquals(payload, got.toByteArray());
        stream.finish();
        stream.finish();
        SpdyFrames.Data fin = wire.data();
        assertEquals(SpdyFrames.FLAG_FIN, fin.flags());
        assertEquals(0, fin.data().length);
        assertTrue(wire.written.isEmpty(), "one FIN only");
        assertThrows(IOException.class, () -> stream.write(new byte[1]));
    }

    @Test
    void aResetStreamEndsAndForgetsIt() throws Exception {
        send(wire.synStream(1, Map.of("streamtype", "data")));
        wire.control(SpdyFrames.SYN_REPLY);
        send(SpdyFrames.rstStream(1, SpdyFrames.CANCEL));
        assertEquals(1, recorder.ends.get(1).get());
        send(SpdyFrames.data(1, 0, new byte[] {1, 2}, 0, 2));
        assertEquals(0, recorder.received.get(1).size());
        assertTrue(session.openStreams().isEmpty());
    }

    @Test
    void theServerResetsAStream() throws Exception {
        send(wire.synStream(1, Map.of("streamtype", "data")));
        wire.control(SpdyFrames.SYN_REPLY);
        recorder.streams.getFirst().reset(SpdyFrames.CANCEL);
        SpdyFrames.Control rst = wire.control(SpdyFrames.RST_STREAM);
        ByteBuffer p = ByteBuffer.wrap(rst.payload());
        assertEquals(1, p.getInt());
        assertEquals(SpdyFrames.CANCEL, p.getInt());
        assertEquals(1, recorder.ends.get(1).get());
    }

    @Test
    void clientPingsAreEchoedAndEvenOnesAreNot() throws Exception {
        send(SpdyFrames.ping(7));
        SpdyFrames.Control pong = wire.control(SpdyFrames.PING);
        assertEquals(7, ByteBuffer.wrap(pong.payload()).getInt());
        send(SpdyFrames.ping(8));
        assertTrue(wire.written.isEmpty());
    }

    @Test
    void settingsWindowUpdatesAndUnknownFramesAreAcceptedAndIgnored() throws Exception {
        send(SpdyFrames.control(SpdyFrames.SETTINGS, 0, ByteBuffer.allocate(12).putInt(1).putInt(0x07000000)
                        .putInt(65536).array()),
                SpdyFrames.control(SpdyFrames.WINDOW_UPDATE, 0, ByteBuffer.allocate(8).putInt(0).putInt(65536).array()),
                SpdyFrames.control(42, 0, new byte[3]),
                wire.synStream(1, Map.of("streamtype", "error")));
        assertEquals(1, SpdyWire.streamId(wire.control(SpdyFrames.SYN_REPLY)));
        assertTrue(wire.written.isEmpty());
    }

    @Test
    void evenOrOutOfOrderStreamIdsAreRefusedWithoutLosingTheHeaderContext() throws Exception {
        send(wire.synStream(2, Map.of("streamtype", "error")));
        assertEquals(SpdyFrames.PROTOCOL_ERROR, ByteBuffer.wrap(wire.control(SpdyFrames.RST_STREAM).payload()).getInt(4));
        send(wire.synStream(5, Map.of("streamtype", "stdout")));
        wire.control(SpdyFrames.SYN_REPLY);
        send(wire.synStream(3, Map.of("streamtype", "stderr")));
        assertEquals(SpdyFrames.PROTOCOL_ERROR, ByteBuffer.wrap(wire.control(SpdyFrames.RST_STREAM).payload()).getInt(4));
        send(wire.synStream(7, Map.of("streamtype", "stdin")));
        wire.control(SpdyFrames.SYN_REPLY);
        assertEquals(List.of("stdout", "stdin"), recorder.streams.stream().map(s -> s.header("streamtype")).toList());
    }

    @Test
    void afterTheClientsGoAwayNewStreamsAreRefusedAndTheSessionEndsWithItsLastStream() throws Exception {
        send(wire.synStream(1, Map.of("streamtype", "data")));
        wire.control(SpdyFrames.SYN_REPLY);
        send(SpdyFrames.goAway(1), wire.synStream(3, Map.of("streamtype", "data")));
        assertEquals(SpdyFrames.REFUSED_STREAM, ByteBuffer.wrap(wire.control(SpdyFrames.RST_STREAM).payload()).getInt(4));
        assertEquals(1, recorder.streams.size());
        assertEquals(1, recorder.sessionEnded.getCount(), "stream 1 still runs");
        send(SpdyFrames.data(1, SpdyFrames.FLAG_FIN, new byte[0], 0, 0));
        recorder.streams.getFirst().finish();
        assertTrue(recorder.sessionEnded.await(5, TimeUnit.SECONDS));
        assertTrue(wire.closed.get());
    }

    @Test
    void closeSaysGoAwayNamingTheLastStreamThenClosesAndEndsTheStreams() throws Exception {
        send(wire.synStream(1, Map.of("streamtype", "error")), wire.synStream(3, Map.of("streamtype", "stdout")));
        wire.control(SpdyFrames.SYN_REPLY);
        wire.control(SpdyFrames.SYN_REPLY);
        session.close();
        ByteBuffer goAway = ByteBuffer.wrap(wire.control(SpdyFrames.GOAWAY).payload());
        assertEquals(3, goAway.getInt());
        assertEquals(0, goAway.getInt());
        assertTrue(wire.closed.get());
        assertEquals(1, recorder.ends.get(1).get());
        assertEquals(1, recorder.ends.get(3).get());
        assertEquals(0, recorder.sessionEnded.getCount());
        assertThrows(IOException.class, () -> recorder.streams.getFirst().write(new byte[1]));
    }

    @Test
    void aCorruptHeaderBlockIsAProtocolError() throws Exception {
        byte[] bogus = SpdyFrames.control(SpdyFrames.SYN_STREAM, 0,
                ByteBuffer.allocate(14).putInt(1).putInt(0).putShort((short) 0).putInt(0xdeadbeef).array());
        assertThrows(IOException.class, () -> send(bogus));
        ByteBuffer goAway = ByteBuffer.wrap(wire.control(SpdyFrames.GOAWAY).payload());
        assertEquals(0, goAway.getInt());
        assertEquals(1, goAway.getInt(), "GOAWAY status PROTOCOL_ERROR");
        assertTrue(wire.closed.get());
    }

    @Test
    void servedFromABlockingStreamUntilItsEnd() throws Exception {
        PipedOutputStream clientOut = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(clientOut, 1 << 16);
        SpdySession blocking = new SpdySession(wire, "blocking");
        blocking.handler(recorder);
        Thread reader = Thread.ofVirtual().start(() -> blocking.serve(serverIn));
        clientOut.write(wire.synStream(1, Map.of("streamtype", "stdin")));
        byte[] data = SpdyFrames.data(1, 0, "abc".getBytes(StandardCharsets.UTF_8), 0, 3);
        clientOut.write(data, 0, 4); // a frame in two writes
        clientOut.flush();
        wire.control(SpdyFrames.SYN_REPLY);
        clientOut.write(data, 4, data.length - 4);
        clientOut.flush();
        KubeletProxyIT.waitFor(() -> recorder.received.get(1) != null && recorder.received.get(1).size() == 3);
        clientOut.close();
        reader.join(Duration.ofSeconds(5));
        assertTrue(recorder.sessionEnded.await(5, TimeUnit.SECONDS));
        assertEquals(1, recorder.ends.get(1).get(), "the connection's end ends its streams");
        assertTrue(wire.closed.get());
    }
}
