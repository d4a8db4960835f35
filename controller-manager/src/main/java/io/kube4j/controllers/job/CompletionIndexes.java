package io.kube4j.controllers.job;

import java.util.Collection;
import java.util.Iterator;
import java.util.TreeSet;

/**
 * The completion indexes of an Indexed Job as {@code status.completedIndexes} writes them: a
 * compressed, ascending list of ranges such as {@code "1,3-5"}. Stateless; thread-safe.
 */
final class CompletionIndexes {

    private CompletionIndexes() {
    }

    /**
     * The indexes in {@code text} below {@code completions}; malformed parts are skipped, as
     * upstream's parser ignores what it cannot read.
     */
    static TreeSet<Integer> parse(String text, int completions) {
        TreeSet<Integer> out = new TreeSet<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            try {
                int dash = part.indexOf('-');
                int from = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash).trim());
                int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).trim());
                for (int i = Math.max(0, from); i <= to && i < completions; i++) {
                    out.add(i);
                }
            } catch (NumberFormatException e) {
                // skipped: a hand-edited status cannot break the controller
            }
        }
        return out;
    }

    /** {@code indexes} (any order, no duplicates needed) as ranges, e.g. {@code [1,3,4,5] -> "1,3-5"}. */
    static String format(Collection<Integer> indexes) {
        StringBuilder sb = new StringBuilder();
        Iterator<Integer> it = new TreeSet<>(indexes).iterator();
        if (!it.hasNext()) {
            return "";
        }
        int start = it.next();
        int end = start;
        while (it.hasNext()) {
            int next = it.next();
            if (next == end + 1) {
                end = next;
                continue;
            }
            append(sb, start, end);
            start = next;
            end = next;
        }
        append(sb, start, end);
        return sb.toString();
    }

    private static void append(StringBuilder sb, int start, int end) {
        if (!sb.isEmpty()) {
            sb.append(',');
        }
        sb.append(start);
        if (end > start) {
            sb.append('-').append(end);
        }
    }
}
