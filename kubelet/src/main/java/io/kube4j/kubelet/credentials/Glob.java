package io.kube4j.kubelet.credentials;

/**
 * Go's filepath.Match for one host label: {@code *} any run of characters, {@code ?} one
 * character, {@code [...]} a class with ranges and {@code ^} negation, {@code \} an escape.
 * A malformed pattern matches nothing (Go returns an error, which upstream's keyring treats as no
 * match). Stateless.
 */
final class Glob {

    private Glob() {}

    static boolean matches(String pattern, String name) {
        try {
            return match(pattern, 0, name, 0);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi + 1, s, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    pi++;
                    si++;
                }
                case '[' -> {
                    int end = classEnd(p, pi);
                    if (si >= s.length() || !inClass(p.substring(pi + 1, end), s.charAt(si))) {
                        return false;
                    }
                    pi = end + 1;
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 >= p.length()) {
                        throw new IllegalArgumentException("trailing escape");
                    }
                    if (si >= s.length() || s.charAt(si) != p.charAt(pi + 1)) {
                        return false;
                    }
                    pi += 2;
                    si++;
                }
                default -> {
                    if (si >= s.length() || s.charAt(si) != c) {
                        return false;
                    }
                    pi++;
                    si++;
                }
            }
        }
        return si == s.length();
    }

    private static int classEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        boolean first = true;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == ']' && !first) {
                return i;
            }
            i += c == '\\' ? 2 : 1;
            first = false;
        }
        throw new IllegalArgumentException("unclosed class");
    }

    private static boolean inClass(String body, char ch) {
        boolean negate = body.startsWith("^");
        int i = negate ? 1 : 0;
        boolean found = false;
        while (i < body.length()) {
            char lo = body.charAt(i);
            if (lo == '\\') {
                lo = body.charAt(++i);
            }
            i++;
            char hi = lo;
            if (i + 1 < body.length() && body.charAt(i) == '-') {
                hi = body.charAt(i + 1);
                if (hi == '\\') {
                    hi = body.charAt(i + 2);
                    i++;
                }
                i += 2;
            }
            if (lo <= ch && ch <= hi) {
                found = true;
            }
        }
        return found != negate;
    }
}
