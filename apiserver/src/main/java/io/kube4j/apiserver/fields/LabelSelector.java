package io.kube4j.apiserver.fields;

import io.kube4j.apiserver.errors.ApiException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A parsed {@code labelSelector} query parameter, with upstream's grammar and meaning: equality
 * ({@code a=b}, {@code a==b}, {@code a!=b}), sets ({@code a in (x,y)}, {@code a notin (x)}),
 * existence ({@code a}, {@code !a}) and integer comparison ({@code a>1}, {@code a<5}); terms are
 * joined by commas and must all hold. Keys and values are validated as label keys and values.
 * The empty selector matches everything.
 *
 * <p>Requirements are kept sorted by key, as upstream keeps them; {@link #toString()} is
 * upstream's canonical form. Immutable, thread-safe.
 */
public final class LabelSelector {

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    /** Upstream's {@code selection.Operator}s, with the text each has in messages. */
    public enum Operator {
        IN("in"),
        NOT_IN("notin"),
        EQUALS("="),
        DOUBLE_EQUALS("=="),
        NOT_EQUALS("!="),
        GREATER_THAN("gt"),
        LESS_THAN("lt"),
        EXISTS("exists"),
        DOES_NOT_EXIST("!");

        private final String text;

        Operator(String text) {
            this.text = text;
        }

        /** The operator's name as upstream prints it ({@code in}, {@code gt}, {@code !}). */
        public String text() {
            return text;
        }
    }

    /**
     * One requirement on one key.
     *
     * @param values the values, sorted for {@code in}/{@code notin}; one for the equality and
     *               comparison operators; none for {@code exists}/{@code !}
     */
    public record Requirement(String key, Operator operator, List<String> values) {

        public Requirement {
            values = List.copyOf(values);
        }

        /** Whether {@code labels} satisfies this requirement, with upstream's semantics. */
        public boolean matches(Map<String, String> labels) {
            String actual = labels.get(key);
            return switch (operator) {
                case IN, EQUALS, DOUBLE_EQUALS -> actual != null && values.contains(actual);
                case NOT_IN, NOT_EQUALS -> actual == null || !values.contains(actual);
                case EXISTS -> actual != null;
                case DOES_NOT_EXIST -> actual == null;
                case GREATER_THAN, LESS_THAN -> compares(actual);
            };
        }

        private boolean compares(String actual) {
            if (actual == null || values.size() != 1) {
                return false;
            }
            try {
                long have = Long.parseLong(actual);
                long want = Long.parseLong(values.getFirst());
                return operator == Operator.GREATER_THAN ? have > want : have < want;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        /** Upstream's text for this requirement: {@code a in (x,y)}, {@code !a}, {@code a>1}. */
        @Override
        public String toString() {
            return switch (operator) {
                case EXISTS -> key;
                case DOES_NOT_EXIST -> "!" + key;
                case EQUALS -> key + "=" + values.getFirst();
                case DOUBLE_EQUALS -> key + "==" + values.getFirst();
                case NOT_EQUALS -> key + "!=" + values.getFirst();
                case GREATER_THAN -> key + ">" + values.getFirst();
                case LESS_THAN -> key + "<" + values.getFirst();
                case IN -> key + " in (" + String.join(",", values.stream().sorted().toList()) + ")";
                case NOT_IN -> key + " notin (" + String.join(",", values.stream().sorted().toList()) + ")";
            };
        }
    }

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = requirements.stream().sorted(Comparator.comparing(Requirement::key)).toList();
    }

    /** The selector that matches every object. */
    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /** A selector of already-valid requirements (no validation), sorted by key. */
    public static LabelSelector of(List<Requirement> requirements) {
        return requirements.isEmpty() ? EVERYTHING : new LabelSelector(requirements);
    }

    /**
     * Parses {@code selector}; null or empty is {@link #everything()}.
     *
     * @throws ApiException.BadRequest with upstream's message when the text does not parse or a
     *                                 key or value is not a valid label key or value
     */
    public static LabelSelector parse(String selector) {
        if (selector == null || selector.isEmpty()) {
            return EVERYTHING;
        }
        try {
            return of(new LabelSelectorParser(selector).parse());
        } catch (LabelSelectorParser.SyntaxError e) {
            throw new ApiException.BadRequest(e.getMessage());
        }
    }

    /** The requirements, sorted by key. */
    public List<Requirement> requirements() {
        return requirements;
    }

    /** Whether this selector has no requirements. */
    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /** Whether every requirement holds for {@code labels}; a null map is no labels. */
    public boolean matches(Map<String, String> labels) {
        Map<String, String> ls = labels == null ? Map.of() : labels;
        for (Requirement r : requirements) {
            if (!r.matches(ls)) {
                return false;
            }
        }
        return true;
    }

    /** Upstream's canonical text, e.g. {@code app=web,tier in (a,b)}; empty for everything. */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }
}
