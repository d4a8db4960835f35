package io.kube4j.apiserver.fields;

import io.kube4j.apiserver.errors.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A parsed {@code fieldSelector} query parameter, with upstream's grammar: terms separated by
 * unescaped commas, each {@code field=value}, {@code field==value} or {@code field!=value}; in a
 * value, {@code \\}, {@code \,} and {@code \=} are escapes and a bare {@code ,} or {@code =} is an
 * error. All terms must match (AND). A field an object does not have reads as the empty string,
 * so {@code spec.nodeName=} selects unscheduled pods. The empty selector matches everything.
 *
 * <p>Like upstream, terms are ordered by their text before parsing, which is the order
 * {@link #requirements()} reports. Immutable, thread-safe.
 */
public final class FieldSelector {

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    /** Upstream reports {@code =} and {@code ==} alike as equality. */
    public enum Operator {
        EQUALS("="),
        NOT_EQUALS("!=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        /** As written in a selector. */
        public String symbol() {
            return symbol;
        }
    }

    /** One term: {@code field op value}; the value is unescaped. */
    public record Requirement(String field, Operator operator, String value) {

        /** Whether {@code fields} satisfies this term (a missing field reads as empty). */
        public boolean matches(Map<String, String> fields) {
            String actual = fields.getOrDefault(field, "");
            return (operator == Operator.EQUALS) == actual.equals(value);
        }

        @Override
        public String toString() {
            return field + operator.symbol + escape(value);
        }
    }

    private final List<Requirement> requirements;

    private FieldSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    /** The selector that matches every object. */
    public static FieldSelector everything() {
        return EVERYTHING;
    }

    /**
     * Parses {@code selector}; null or empty is {@link #everything()}.
     *
     * @throws ApiException.BadRequest with upstream's message when the text does not parse
     */
    public static FieldSelector parse(String selector) {
        if (selector == null || selector.isEmpty()) {
            return EVERYTHING;
        }
        List<String> terms = splitTerms(selector);
        terms.sort(null);
        List<Requirement> parsed = new ArrayList<>();
        for (String term : terms) {
            if (term.isEmpty()) {
                continue;
            }
            parsed.add(parseTerm(selector, term));
        }
        return new FieldSelector(parsed);
    }

    /** The terms, in upstream's (sorted) order. */
    public List<Requirement> requirements() {
        return requirements;
    }

    /** Whether this selector has no terms. */
    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /** Whether every term holds for {@code fields}. */
    public boolean matches(Map<String, String> fields) {
        for (Requirement r : requirements) {
            if (!r.matches(fields)) {
                return false;
            }
        }
        return true;
    }

    /** A selector with each term replaced by {@code fn} (field label conversion). */
    public FieldSelector transform(UnaryOperator<Requirement> fn) {
        return new FieldSelector(requirements.stream().map(fn).toList());
    }

    /** The canonical text, values escaped: {@code a=b,c!=d}. */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    /** Escapes {@code \}, {@code ,} and {@code =} in a value. */
    public static String escape(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    }

    private static List<String> splitTerms(String selector) {
        List<String> terms = new ArrayList<>();
        int start = 0;
        boolean escaped = false;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == ',') {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(selector.substring(start));
        return terms;
    }

    private static Requirement parseTerm(String selector, String term) {
        // The first operator found from the left wins; "!=" and "==" are tried before "=".
        for (int i = 0; i < term.length(); i++) {
            for (String op : Arrays.asList("!=", "==", "=")) {
                if (term.startsWith(op, i)) {
                    Operator operator = op.equals("!=") ? Operator.NOT_EQUALS : Operator.EQUALS;
                    return new Requirement(term.substring(0, i), operator, unescape(term.substring(i + op.length())));
                }
            }
        }
        throw new ApiException.BadRequest("invalid selector: '" + selector + "'; can't understand '" + term + "'");
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean escaped = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (escaped) {
                if (c != '\\' && c != ',' && c != '=') {
                    throw new ApiException.BadRequest(
                            "invalid field selector: invalid escape sequence: \\" + c);
                }
                out.append(c);
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == ',' || c == '=') {
                // Upstream prints the rune with %v, which is its code point.
                throw new ApiException.BadRequest(
                        "invalid field selector: unescaped character in value: " + (int) c);
            } else {
                out.append(c);
            }
        }
        if (escaped) {
            throw new ApiException.BadRequest("invalid field selector: invalid escape sequence: \\");
        }
        return out.toString();
    }
}
