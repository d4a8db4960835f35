package io.kube4j.apiserver.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty connection that replaces HTTP/1.1 on an end point after {@link RawUpgrade}'s 101: it
 * does no parsing of its own, it lends the end point to a session as blocking streams. Reads wait
 * for bytes with {@link EndPoint#fillInterested}, writes with {@link EndPoint#write}, both on the
 * session's virtual thread. Bytes the HTTP parser had already read past the request are handed
 * over by Jetty ({@link Connection.UpgradeTo}) and read first.
 */
final class TakenOverConnection extends AbstractConnection implements Connection.UpgradeTo, RawConnection {

    private static final Logger LOG = LoggerFactory.getLogger(TakenOverConnection.class);
    private static final int BUFFER = 64 * 1024;

    private final String name;
    private final Consumer<RawConnection> session;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ByteBuffer in = BufferUtil.allocate(BUFFER);
    private final InputStream input = new Input();
    private final OutputStream output = new Output();

    TakenOverConnection(EndPoint endPoint, Executor executor, String name, Consumer<RawConnection> session) {
        super(endPoint, executor);
        this.name = name;
        this.session = session;
    }

    @Override
    public void onUpgradeTo(ByteBuffer prefilled) {
        if (prefilled != null && prefilled.hasRemaining()) {
            ByteBuffer copy = BufferUtil.allocate(Math.max(BUFFER, prefilled.remaining()));
            BufferUtil.append(copy, prefilled);
            leftover = copy;
        }
    }

    /** Read-ahead from the HTTP parser, drained before the end point is read. */
    private volatile ByteBuffer leftover;

    @Override
    public void onOpen() {
        super.onOpen();
        getEndPoint().setIdleTimeout(RawUpgrade.IDLE_TIMEOUT.toMillis());
        Thread.ofVirtual().name("upgraded-" + name).start(() -> {
            try {
                session.accept(this);
            } catch (RuntimeException e) {
                LOG.warn("{}: the upgraded session failed", name, e);
            } finally {
                close();
            }
        });
    }

    @Override
    public void onFillable() {
        // Never registered: reads wait on their own callbacks (see Input).
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void shutdownOutput() {
        getEndPoint().shutdownOutput();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            getEndPoint().close();
        }
    }

    private static void await(FutureCallback callback) throws IOException {
        try {
            callback.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause.getMessage()), cause);
        }
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            ByteBuffer ahead = leftover;
            if (ahead != null) {
                int n = Math.min(len, ahead.remaining());
                ahead.get(b, off, n);
                if (!ahead.hasRemaining()) {
                    leftover = null;
                }
                return n;
            }
            while (true) {
                if (in.hasRemaining()) {
                    int n = Math.min(len, in.remaining());
                    in.get(b, off, n);
                    return n;
                }
                if (closed.get()) {
                    return -1;
                }
                BufferUtil.clear(in);
                int filled;
                try {
                    filled = getEndPoint().fill(in);
                } catch (IOException e) {
                    if (closed.get()) {
                        return -1;
                    }
                    throw e;
                }
                if (filled < 0) {
                    return -1;
                }
                if (filled == 0) {
                    FutureCallback readable = new FutureCallback();
                    getEndPoint().fillInterested(readable);
                    await(readable);
                }
            }
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            FutureCallback written = new FutureCallback();
            getEndPoint().write(written, ByteBuffer.wrap(b, off, len));
            await(written);
        }

        @Override
        public void close() {
            TakenOverConnection.this.close();
        }
    }
}
