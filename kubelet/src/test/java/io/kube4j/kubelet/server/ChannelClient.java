package io.kube4j.kubelet.server;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test's WebSocket listener: whole binary messages into a queue, the close code into a future. */
final class ChannelClient implements WebSocket.Listener {

    final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        partial.writeBytes(b);
        if (last) {
            messages.add(partial.toByteArray());
            partial.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** The next message, or fails after 10 s. */
    byte[] next() throws InterruptedException {
        byte[] m = messages.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within 10 s");
        }
        return m;
    }

    /** Concatenates the data of every message on {@code channel} until the socket closes. */
    static String drain(ChannelClient c, byte channel, StringBuilder error) throws Exception {
        StringBuilder out = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            byte[] m = c.messages.poll(100, TimeUnit.MILLISECONDS);
            if (m == null) {
                if (c.closed.isDone() && c.messages.isEmpty()) {
                    break;
                }
                continue;
            }
            String data = new String(m, 1, m.length - 1, java.nio.charset.StandardCharsets.UTF_8);
            if (m[0] == channel) {
                out.append(data);
            } else if (m[0] == ChannelProtocol.ERROR && error != null) {
                error.append(data);
            }
        }
        return out.toString();
    }

    static ByteBuffer message(int channel, byte[] data) {
        return ByteBuffer.allocate(data.length + 1).put((byte) channel).put(data).flip();
    }
}
