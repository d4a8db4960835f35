package io.kube4j.runtime.image;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code WWW-Authenticate} challenge from a registry: {@code Bearer realm="…",service="…",scope="…"}
 * (a token service to ask) or {@code Basic realm="…"}.
 *
 * @param scheme "bearer" or "basic" (lower case)
 * @param params the challenge's parameters, keys in lower case
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

    public AuthChallenge {
        params = Map.copyOf(params);
    }

    public String realm() {
        return params.getOrDefault("realm", "");
    }

    /**
     * The challenge to answer among a response's WWW-Authenticate headers: Bearer over Basic, as
     * Docker's and containerd's clients prefer; empty if none is of either scheme.
     */
    public static Optional<AuthChallenge> pick(List<String> headers) {
        AuthChallenge basic = null;
        for (String h : headers) {
            AuthChallenge c = parse(h);
            if (c == null) {
                continue;
            }
            if (c.scheme.equals("bearer")) {
                return Optional.of(c);
            }
            if (c.scheme.equals("basic") && basic == null) {
                basic = c;
            }
        }
        return Optional.ofNullable(basic);
    }

    /** Parses one header value; null if it is not a challenge. */
    public static AuthChallenge parse(String header) {
        if (header == null) {
            return null;
        }
        String s = header.trim();
        int sp = 0;
        while (sp < s.length() && !Character.isWhitespace(s.charAt(sp))) {
            sp++;
        }
        String scheme = s.substring(0, sp).toLowerCase(Locale.ROOT);
        if (scheme.isEmpty()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        int i = sp;
        while (i < s.length()) {
            while (i < s.length() && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) {
                i++;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < s.length() && s.charAt(i) == '"') {
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    char c = s.charAt(i);
                    if (c == '\\' && i + 1 < s.length()) {
                        c = s.charAt(++i);
                    }
                    value.append(c);
                    i++;
                }
                i++; // closing quote
            } else {
                while (i < s.length() && s.charAt(i) != ',') {
                    value.append(s.charAt(i++));
                }
            }
            params.put(key, value.toString().trim());
        }
        return new AuthChallenge(scheme, params);
    }
}
