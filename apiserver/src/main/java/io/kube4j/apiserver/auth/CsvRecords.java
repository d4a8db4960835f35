package io.kube4j.apiserver.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text the way Go's {@code encoding/csv} reader does with its defaults, which is how
 * upstream reads token files: comma separated; a field starting with {@code "} is quoted, may hold
 * commas and line breaks, and writes a quote as {@code ""}; a quote inside an unquoted field is an
 * error; blank lines are skipped; spaces are kept. Unlike Go it does not stop at the first error: a
 * bad line is reported and reading resumes on the next line, so one message can name them all.
 * Stateless; thread-safe.
 */
final class CsvRecords {

    /** A record and the line it starts on (1-based). */
    record Line(int number, List<String> fields) {
        Line {
            fields = List.copyOf(fields);
        }
    }

    /** A malformed record: the line it starts on (1-based) and what is wrong. */
    record Problem(int number, String message) {
    }

    /** The records, and the problems of the lines that could not be read. */
    record Parsed(List<Line> records, List<Problem> problems) {
    }

    private CsvRecords() {
    }

    static Parsed parse(String text) {
        List<Line> records = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Cursor c = new Cursor(text);
        while (!c.atEnd()) {
            if (c.atLineEnd()) {
                c.skipLineEnd();
                continue;
            }
            int start = c.line;
            try {
                records.add(new Line(start, readRecord(c)));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(start, e.getMessage()));
                c.skipRestOfLine();
            }
        }
        return new Parsed(records, problems);
    }

    private static List<String> readRecord(Cursor c) {
        List<String> fields = new ArrayList<>();
        while (true) {
            fields.add(c.peek() == '"' ? readQuoted(c) : readBare(c));
            if (c.atEnd() || c.atLineEnd()) {
                c.skipLineEnd();
                return fields;
            }
            c.pos++; // the comma
        }
    }

    private static String readBare(Cursor c) {
        StringBuilder field = new StringBuilder();
        while (!c.atEnd() && !c.atLineEnd() && c.peek() != ',') {
            char ch = c.text.charAt(c.pos++);
            if (ch == '"') {
                throw new IllegalArgumentException("bare \" in non-quoted field");
            }
            field.append(ch);
        }
        return field.toString();
    }

    private static String readQuoted(Cursor c) {
        StringBuilder field = new StringBuilder();
        c.pos++; // opening quote
        while (true) {
            if (c.atEnd()) {
                throw new IllegalArgumentException("extraneous or missing \" in quoted field");
            }
            char ch = c.text.charAt(c.pos++);
            if (ch == '"') {
                if (!c.atEnd() && c.peek() == '"') {
                    field.append('"');
                    c.pos++;
                } else if (c.atEnd() || c.atLineEnd() || c.peek() == ',') {
                    return field.toString();
                } else {
                    throw new IllegalArgumentException("extraneous or missing \" in quoted field");
                }
            } else if (ch == '\r' && !c.atEnd() && c.peek() == '\n') {
                continue; // Go reads \r\n inside quotes as \n
            } else {
                if (ch == '\n') {
                    c.line++;
                }
                field.append(ch);
            }
        }
    }

    /** A position in the text, counting lines. */
    private static final class Cursor {
        final String text;
        int pos;
        int line = 1;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        boolean atLineEnd() {
            return !atEnd() && (peek() == '\n' || (peek() == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n'));
        }

        void skipLineEnd() {
            if (atEnd()) {
                return;
            }
            pos += peek() == '\r' ? 2 : 1;
            line++;
        }

        void skipRestOfLine() {
            while (!atEnd() && !atLineEnd()) {
                pos++;
            }
            skipLineEnd();
        }
    }
}
