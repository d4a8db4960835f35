package io.kube4j.apiserver.fields;

import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.fields.LabelSelector.Operator;
import io.kube4j.apiserver.fields.LabelSelector.Requirement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Upstream's rules for label keys ({@code [prefix/]name}) and values, and the checks its
 * {@code NewRequirement} makes, with upstream's wording. Stateless, thread-safe.
 */
final class LabelSyntax {

    private static final String NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final Pattern NAME = Pattern.compile(NAME_FMT);
    private static final String NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character";
    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String SUBDOMAIN_FMT = DNS_LABEL + "(\\." + DNS_LABEL + ")*";
    private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_FMT);
    private static final String VALUE_FMT = "(" + NAME_FMT + ")?";
    private static final Pattern VALUE = Pattern.compile(VALUE_FMT);

    private LabelSyntax() {
    }

    /** The problems with {@code key} as a label key, as upstream lists them; empty when valid. */
    static List<String> keyProblems(String key) {
        List<String> errs = new ArrayList<>();
        String[] parts = key.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            String prefix = parts[0];
            name = parts[1];
            if (prefix.isEmpty()) {
                errs.add("prefix part must be non-empty");
            } else {
                if (prefix.length() > 253) {
                    errs.add("prefix part must be no more than 253 bytes");
                }
                if (!SUBDOMAIN.matcher(prefix).matches()) {
                    errs.add("prefix part " + regexError("a lowercase RFC 1123 subdomain must consist of lower "
                            + "case alphanumeric characters, '-' or '.', and must start and end with an "
                            + "alphanumeric character", SUBDOMAIN_FMT, "example.com"));
                }
            }
        } else {
            errs.add("a valid label key " + regexError(NAME_MSG, NAME_FMT, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errs;
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else if (name.length() > 63) {
            errs.add("name part must be no more than 63 bytes");
        }
        if (!NAME.matcher(name).matches()) {
            errs.add("name part " + regexError(NAME_MSG, NAME_FMT, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    /** The problems with {@code value} as a label value; empty when valid. */
    static List<String> valueProblems(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 63) {
            errs.add("must be no more than 63 bytes");
        }
        if (!VALUE.matcher(value).matches()) {
            errs.add(regexError("a valid label must be an empty string or consist of alphanumeric characters, "
                    + "'-', '_' or '.', and must start and end with an alphanumeric character",
                    VALUE_FMT, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    /** Upstream's invalid-key message at {@code path}, or null when the key is valid. */
    static String keyError(String path, String key) {
        List<String> problems = keyProblems(key);
        return problems.isEmpty() ? null : FieldError.invalid(path, key, String.join("; ", problems)).message();
    }

    /** Upstream's {@code NewRequirement}: the requirement, or every problem with it. */
    static Requirement requirement(String key, Operator op, List<String> values)
            throws LabelSelectorParser.SyntaxError {
        LinkedHashSet<String> errs = new LinkedHashSet<>();
        if (op == Operator.GREATER_THAN || op == Operator.LESS_THAN) {
            for (int i = 0; i < values.size(); i++) {
                if (!isInt64(values.get(i))) {
                    errs.add(FieldError.invalid("values[" + i + "]", values.get(i),
                            "for 'Gt', 'Lt' operators, the value must be an integer").message());
                }
            }
        }
        for (int i = 0; i < values.size(); i++) {
            List<String> problems = valueProblems(values.get(i));
            if (!problems.isEmpty()) {
                errs.add(FieldError.invalid("values[" + i + "][" + key + "]", values.get(i),
                        String.join("; ", problems)).message());
            }
        }
        if (errs.size() == 1) {
            throw new LabelSelectorParser.SyntaxError(errs.getFirst());
        }
        if (!errs.isEmpty()) {
            throw new LabelSelectorParser.SyntaxError("[" + String.join(", ", errs) + "]");
        }
        return new Requirement(key, op, values);
    }

    private static boolean isInt64(String s) {
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Upstream's {@code RegexError} wording with examples. */
    private static String regexError(String msg, String regex, String... examples) {
        StringBuilder s = new StringBuilder(msg).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                s.append(" or ");
            }
            s.append('\'').append(examples[i]).append("', ");
        }
        return s.append("regex used for validation is '").append(regex).append("')").toString();
    }
}
