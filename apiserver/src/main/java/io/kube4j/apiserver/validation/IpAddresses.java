package io.kube4j.apiserver.validation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP literal parsing without name resolution: {@link InetAddress#getByName} is only reached for
 * strings that already look like a literal, so no DNS lookup can happen. Stateless, thread-safe.
 */
public final class IpAddresses {

    private static final Pattern V4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpAddresses() {
    }

    /** The address, or null when {@code value} is not an IPv4 or IPv6 literal. */
    public static InetAddress parse(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (V4.matcher(value).matches()) {
            for (String part : value.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        } else if (!V6.matcher(value).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    /** Whether {@code value} is an IPv4 literal. */
    public static boolean isV4(String value) {
        return V4.matcher(value).matches() && parse(value) != null;
    }

    /** Upstream's message for a bad IP. */
    public static final String INVALID_IP = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
}
