package io.kube4j.kubelet.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Sends a container's CRI-format log file to a client as upstream's kubelet does: partial entries
 * joined into whole lines, {@code tailLines}, {@code sinceTime}/{@code sinceSeconds},
 * {@code limitBytes}, {@code timestamps} (RFC 3339 with nine fraction digits, before each line), and
 * {@code follow}, which tails the file while the container runs (polling; the file of a later
 * instance is not followed, as upstream). Lines that are not in the CRI format are skipped.
 *
 * <p>Stateless apart from its poll interval; each call reads the file on the calling thread. An
 * {@link IOException} from the output (the client went away) ends the call.
 */
public final class ContainerLogs {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX").withZone(ZoneOffset.UTC);

    private final Duration pollInterval;

    public ContainerLogs(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    /** One whole line of one stream, with the time of its first fragment. */
    private record Line(Instant time, byte[] content) {}

    /**
     * Writes the log at {@code file} to {@code out} as {@code options} ask.
     *
     * @param running while true (and {@code options.follow()}), waits for more at the end of the file;
     *     once false, what is left in the file is sent and the call returns
     * @throws IOException when the file cannot be read or the client cannot be written to
     */
    public void write(Path file, LogOptions options, BooleanSupplier running, OutputStream out)
            throws IOException, InterruptedException {
        Sink sink = new Sink(out, options);
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            return; // A container that has written nothing may have no file yet: an empty log.
        }
        try (in) {
            LineReader reader = new LineReader(in);
            Map<String, Line> pending = new HashMap<>();
            if (options.tailLines() != null) {
                Deque<Line> last = new ArrayDeque<>();
                long max = options.tailLines();
                byte[] raw;
                while ((raw = reader.next()) != null) {
                    Line line = join(pending, raw);
                    if (line != null && max > 0 && included(line, options)) {
                        if (last.size() == max) {
                            last.removeFirst();
                        }
                        last.addLast(line);
                    }
                }
                for (Line line : last) {
                    if (!sink.send(line)) {
                        return;
                    }
                }
            }
            while (true) {
                byte[] raw = reader.next();
                if (raw != null) {
                    Line line = join(pending, raw);
                    if (line != null && included(line, options) && !sink.send(line)) {
                        return;
                    }
                    continue;
                }
                if (!options.follow()) {
                    break;
                }
                boolean stillRunning = running.getAsBoolean();
                out.flush();
                if (!stillRunning) {
                    // One more pass: the container may have written its last lines before it ended.
                    while ((raw = reader.next()) != null) {
                        Line line = join(pending, raw);
                        if (line != null && included(line, options) && !sink.send(line)) {
                            return;
                        }
                    }
                    break;
                }
                Thread.sleep(pollInterval);
            }
            // Partial lines never completed (the container ended mid-line) are sent as they are.
            for (Line line : pending.values()) {
                if (included(line, options) && !sink.send(new Line(line.time(), line.content()), false)) {
                    return;
                }
            }
        } finally {
            out.flush();
        }
    }

    /** Adds an entry to its stream's pending line; returns the line when the entry completes it. */
    private static Line join(Map<String, Line> pending, byte[] raw) {
        CriLogLine entry = CriLogLine.parse(raw).orElse(null);
        if (entry == null) {
            return null;
        }
        Line before = pending.remove(entry.stream());
        Line line = before == null ? new Line(entry.time(), entry.content())
                : new Line(before.time(), concat(before.content(), entry.content()));
        if (entry.partial()) {
            pending.put(entry.stream(), line);
            return null;
        }
        return line;
    }

    private static boolean included(Line line, LogOptions options) {
        return options.since() == null || !line.time().isBefore(options.since());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    /** Formats and writes lines, counting bytes against {@code limitBytes}. */
    private static final class Sink {
        private final OutputStream out;
        private final LogOptions options;
        private long remaining;

        Sink(OutputStream out, LogOptions options) {
            this.out = out;
            this.options = options;
            this.remaining = options.limitBytes() == null ? Long.MAX_VALUE : options.limitBytes();
        }

        boolean send(Line line) throws IOException {
            return send(line, true);
        }

        /** Writes one line; false once the byte limit is reached (nothing more may be sent). */
        boolean send(Line line, boolean newline) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(line.content().length + 40);
            if (options.timestamps()) {
                bytes.write(TIMESTAMP.format(line.time()).getBytes(StandardCharsets.US_ASCII));
                bytes.write(' ');
            }
            bytes.write(line.content());
            if (newline) {
                bytes.write('\n');
            }
            byte[] b = bytes.toByteArray();
            int n = (int) Math.min(b.length, remaining);
            out.write(b, 0, n);
            remaining -= n;
            return remaining > 0;
        }
    }

    /**
     * Reads '\n'-terminated lines; at the end of the file keeps an unterminated tail for the next
     * call (the runtime may be in the middle of writing it). Not thread-safe.
     */
    static final class LineReader {
        private final InputStream in;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private final byte[] buffer = new byte[64 * 1024];
        private int pos;
        private int limit;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** The next whole line without its newline, or null when none is complete yet. */
        byte[] next() throws IOException {
            while (true) {
                for (int i = pos; i < limit; i++) {
                    if (buffer[i] == '\n') {
                        partial.write(buffer, pos, i - pos);
                        pos = i + 1;
                        byte[] line = partial.toByteArray();
                        partial.reset();
                        return line;
                    }
                }
                partial.write(buffer, pos, limit - pos);
                pos = 0;
                limit = in.read(buffer);
                if (limit <= 0) {
                    limit = 0;
                    return null;
                }
            }
        }
    }
}
