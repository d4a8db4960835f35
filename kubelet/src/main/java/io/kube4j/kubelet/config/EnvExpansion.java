package io.kube4j.kubelet.config;

import java.util.Map;
import java.util.function.Function;

/**
 * Kubernetes' {@code $(VAR)} expansion (env values, command, args, subPathExpr): {@code $(NAME)}
 * becomes the variable's value and stays as written when there is none; {@code $$} is one
 * {@code $}; any other {@code $} and an unclosed {@code $(} are kept. Stateless.
 */
public final class EnvExpansion {

    private EnvExpansion() {}

    /** Expands {@code input} with {@code lookup} (null: no such variable, the reference is kept). */
    public static String expand(String input, Function<String, String> lookup) {
        StringBuilder out = new StringBuilder(input.length());
        int checkpoint = 0;
        for (int cursor = 0; cursor < input.length(); cursor++) {
            if (input.charAt(cursor) != '$' || cursor + 1 >= input.length()) {
                continue;
            }
            out.append(input, checkpoint, cursor);
            char next = input.charAt(cursor + 1);
            int advance = 1;
            if (next == '$') {
                out.append('$');
            } else if (next == '(') {
                int close = input.indexOf(')', cursor + 2);
                if (close < 0) {
                    out.append("$(");
                } else {
                    String name = input.substring(cursor + 2, close);
                    String value = lookup.apply(name);
                    out.append(value == null ? "$(" + name + ")" : value);
                    advance = close - cursor;
                }
            } else {
                out.append('$').append(next);
            }
            cursor += advance;
            checkpoint = cursor + 1;
        }
        return out.append(input, checkpoint, input.length()).toString();
    }

    /** A lookup in the maps in order, the first that has the name. */
    @SafeVarargs
    public static Function<String, String> lookupIn(Map<String, String>... maps) {
        return name -> {
            for (Map<String, String> m : maps) {
                String v = m.get(name);
                if (v != null) {
                    return v;
                }
            }
            return null;
        };
    }
}
