package io.kube4j.kubelet.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class SpdyFramesTest {

    /** A SYN_STREAM payload as a SPDY/3 client writes it: ids, priority, headers compressed over the dictionary. */
    private static byte[] synStream(Deflater deflater, int id, Map<String, String> headers) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.writeBytes(ByteBuffer.allocate(4).putInt(headers.size()).array());
        headers.forEach((k, v) -> {
            for (String s : new String[] {k, v}) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                block.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
                block.writeBytes(b);
            }
        });
        deflater.setInput(block.toByteArray());
        byte[] out = new byte[4096];
        int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        return ByteBuffer.allocate(10 + n).putInt(id).putInt(0).putShort((short) 0).put(out, 0, n).array();
    }

    @Test
    void theDictionaryIsTheSpecsSize() {
        assertEquals(1423, SpdyFrames.DICTIONARY.length);
    }

    @Test
    void readsSynStreamHeadersAcrossFramesOfOneConnection() throws Exception {
        Deflater client = new Deflater();
        client.setDictionary(SpdyFrames.DICTIONARY);
        SpdyFrames frames = new SpdyFrames();
        byte[] first = SpdyFrames.control(SpdyFrames.SYN_STREAM, 0, synStream(client, 1,
                Map.of("streamtype", "error", "port", "8080", "requestid", "0")));
        byte[] second = SpdyFrames.control(SpdyFrames.SYN_STREAM, 0, synStream(client, 3,
                Map.of("streamtype", "data", "port", "8080", "requestid", "0")));
        ByteBuffer wire = ByteBuffer.allocate(first.length + second.length).put(first).put(second).flip();
        SpdyFrames.Control a = assertInstanceOf(SpdyFrames.Control.class, SpdyFrames.next(wire));
        assertEquals(SpdyFrames.SYN_STREAM, a.type());
        assertEquals("error", frames.synStreamHeaders(a.payload()).get("streamtype"));
        SpdyFrames.Control b = assertInstanceOf(SpdyFrames.Control.class, SpdyFrames.next(wire));
        assertEquals(Map.of("streamtype", "data", "port", "8080", "requestid", "0"), frames.synStreamHeaders(b.payload()));
        assertNull(SpdyFrames.next(wire));
    }

    @Test
    void anIncompleteFrameWaitsForTheRest() {
        byte[] data = SpdyFrames.data(5, SpdyFrames.FLAG_FIN, "hello".getBytes(StandardCharsets.UTF_8), 0, 5);
        ByteBuffer partial = ByteBuffer.wrap(data, 0, 10);
        assertNull(SpdyFrames.next(partial));
        SpdyFrames.Data d = assertInstanceOf(SpdyFrames.Data.class, SpdyFrames.next(ByteBuffer.wrap(data)));
        assertEquals(5, d.streamId());
        assertEquals(SpdyFrames.FLAG_FIN, d.flags());
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), d.data());
    }

    @Test
    void synReplyHeadersInflateWithTheDictionary() throws Exception {
        byte[] reply = new SpdyFrames().synReply(7);
        SpdyFrames.Control c = assertInstanceOf(SpdyFrames.Control.class, SpdyFrames.next(ByteBuffer.wrap(reply)));
        assertEquals(SpdyFrames.SYN_REPLY, c.type());
        assertEquals(0x80030002, ByteBuffer.wrap(reply).getInt());
        assertEquals(7, ByteBuffer.wrap(c.payload()).getInt());
        Inflater inflater = new Inflater();
        inflater.setInput(c.payload(), 4, c.payload().length - 4);
        byte[] out = new byte[16];
        int n = inflater.inflate(out);
        if (n == 0 && inflater.needsDictionary()) {
            inflater.setDictionary(SpdyFrames.DICTIONARY);
            n = inflater.inflate(out);
        }
        assertEquals(4, n);
        assertEquals(0, ByteBuffer.wrap(out).getInt());
    }
}
