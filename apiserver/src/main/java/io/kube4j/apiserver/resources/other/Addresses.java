package io.kube4j.apiserver.resources.other;

import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.validation.NameRules;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Endpoint address syntax per address type, as upstream's {@code IsValidIPv4Address},
 * {@code IsValidIPv6Address} and {@code IsFullyQualifiedDomainName}. Parsing is textual: no name
 * is ever resolved. Stateless.
 */
final class Addresses {

    private static final Pattern IPV4 = Pattern.compile(
            "(\\d{1,3}\\.){3}\\d{1,3}");

    private Addresses() {
    }

    static void check(List<FieldError> errs, String type, String address, String path) {
        switch (type) {
            case "IPv4" -> {
                if (!ipv4(address)) {
                    errs.add(FieldError.invalid(path, address, "must be a valid IPv4 address"));
                }
            }
            case "IPv6" -> {
                if (!ipv6(address)) {
                    errs.add(FieldError.invalid(path, address, "must be a valid IPv6 address"));
                }
            }
            case "FQDN" -> fqdn(errs, address, path);
            default -> { }
        }
    }

    /** A dotted quad; leading zeros are accepted, as upstream's sloppy parser accepts them. */
    static boolean ipv4(String s) {
        if (!IPV4.matcher(s).matches()) {
            return false;
        }
        for (String part : s.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** An IPv6 literal, possibly with one {@code ::} and a dotted IPv4 tail; not IPv4-mapped. */
    static boolean ipv6(String s) {
        if (!s.contains(":")) {
            return false;
        }
        String body = s;
        int tailGroups = 0;
        if (body.indexOf('.') >= 0) {
            int lastColon = body.lastIndexOf(':');
            if (!ipv4(body.substring(lastColon + 1))) {
                return false;
            }
            body = body.substring(0, lastColon + 1);
            tailGroups = 2;
            if (body.endsWith(":") && !body.endsWith("::")) {
                body = body.substring(0, body.length() - 1);
            }
        }
        int dbl = body.indexOf("::");
        if (dbl < 0) {
            return groups(body) + tailGroups == 8 && !mapped(s);
        }
        if (body.indexOf("::", dbl + 1) >= 0) {
            return false;
        }
        int left = groups(body.substring(0, dbl));
        int right = groups(body.substring(dbl + 2));
        return left >= 0 && right >= 0 && left + right + tailGroups <= 7 && !mapped(s);
    }

    /** Hex groups separated by single colons: their count, 0 for empty, -1 when malformed. */
    private static int groups(String part) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] gs = part.split(":", -1);
        for (String g : gs) {
            if (!g.matches("[0-9A-Fa-f]{1,4}")) {
                return -1;
            }
        }
        return gs.length;
    }

    private static boolean mapped(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).matches("(0{0,4}:){0,5}:?ffff:\\d+\\.\\d+\\.\\d+\\.\\d+");
    }

    private static void fqdn(List<FieldError> errs, String address, String path) {
        if (address.isEmpty()) {
            errs.add(FieldError.required(path, ""));
            return;
        }
        String name = address.endsWith(".") ? address.substring(0, address.length() - 1) : address;
        List<String> sub = NameRules.isDns1123Subdomain(name);
        if (!sub.isEmpty()) {
            errs.add(FieldError.invalid(path, name, String.join(",", sub)));
            return;
        }
        if (name.split("\\.").length < 2) {
            errs.add(FieldError.invalid(path, name, "should be a domain with at least two segments separated by dots"));
            return;
        }
        for (String label : name.split("\\.")) {
            List<String> l = NameRules.isDns1123Label(label);
            if (!l.isEmpty()) {
                errs.add(FieldError.invalid(path, label, String.join(",", l)));
                return;
            }
        }
    }
}
