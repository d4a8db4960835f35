package io.kube4j.runtime.runc;

import io.kube4j.runtime.StreamSession;
import io.kube4j.runtime.linux.SeqPacketSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.function.IntSupplier;

/**
 * A connection to a container's main process through conmon's attach socket (a UNIX seqpacket
 * socket in the bundle). Every packet conmon sends starts with the stream it came from (2 stdout,
 * 3 stderr); what we send is the process's stdin. Resizes go to conmon's ctl FIFO as
 * "1 ROWS COLUMNS". Closing detaches; the container keeps running. One reader thread per session.
 */
final class AttachSession implements StreamSession {

    private static final int STDOUT = 2;
    private static final int STDERR = 3;
    private static final int PACKET = 8192;

    private final SeqPacketSocket socket;
    private final ContainerLayout layout;
    private final boolean stdin;
    private final IntSupplier exitCode;
    private final PipedInputStream stdout = new PipedInputStream(64 * 1024);
    private final PipedInputStream stderr = new PipedInputStream(64 * 1024);

    AttachSession(SeqPacketSocket socket, ContainerLayout layout, boolean stdin, IntSupplier exitCode) throws IOException {
        this.socket = socket;
        this.layout = layout;
        this.stdin = stdin;
        this.exitCode = exitCode;
        PipedOutputStream out = new PipedOutputStream(stdout);
        PipedOutputStream err = new PipedOutputStream(stderr);
        Thread.ofVirtual().name("attach-" + layout.dir().getFileName()).start(() -> pump(out, err));
    }

    private void pump(PipedOutputStream out, PipedOutputStream err) {
        try (out; err) {
            byte[] packet;
            while ((packet = socket.receive(PACKET + 1)) != null) {
                if (packet.length < 2) {
                    continue;
                }
                PipedOutputStream target = packet[0] == STDERR ? err : packet[0] == STDOUT ? out : null;
                if (target != null) {
                    target.write(packet, 1, packet.length - 1);
                    target.flush();
                }
            }
        } catch (IOException e) {
            // the caller stopped reading or the socket closed: the session is over
        }
    }

    @Override
    public OutputStream stdin() {
        if (!stdin) {
            return OutputStream.nullOutputStream();
        }
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int sent = 0; sent < len; sent += PACKET) {
                    socket.send(b, off + sent, Math.min(PACKET, len - sent));
                }
            }

            @Override
            public void close() {
                socket.shutdownOutput();
            }
        };
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    @Override
    public void resize(int columns, int rows) {
        try {
            Files.writeString(layout.ctlFifo(), "1 " + rows + " " + columns + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // conmon has gone: nothing left to resize
        }
    }

    @Override
    public int waitFor() {
        return exitCode.getAsInt();
    }

    @Override
    public void close() {
        socket.close();
    }
}
