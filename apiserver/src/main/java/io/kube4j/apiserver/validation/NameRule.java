package io.kube4j.apiserver.validation;

import java.util.List;

/**
 * How a resource's {@code metadata.name} must look (upstream's {@code ValidateNameFunc}s). With
 * {@code prefix} set the value is a {@code generateName}, which may end in a '-' that the random
 * suffix will follow. Stateless, thread-safe.
 */
public enum NameRule {
    /** Most resources: {@code NameIsDNSSubdomain}. */
    DNS1123_SUBDOMAIN,
    /** Namespaces and a few others: {@code NameIsDNSLabel}. */
    DNS1123_LABEL,
    /** Services: {@code NameIsDNS1035Label}. */
    DNS1035_LABEL,
    /** Anything that only has to be one URL path segment. */
    PATH_SEGMENT;

    /** Upstream's messages for a bad name, empty when {@code name} is fine. */
    public List<String> check(String name, boolean prefix) {
        return switch (this) {
            case DNS1123_SUBDOMAIN -> NameRules.isDns1123Subdomain(prefix ? maskTrailingDash(name) : name);
            case DNS1123_LABEL -> NameRules.isDns1123Label(prefix ? maskTrailingDash(name) : name);
            case DNS1035_LABEL -> NameRules.isDns1035Label(prefix ? maskTrailingDash(name) : name);
            case PATH_SEGMENT -> NameRules.isValidPathSegmentName(name);
        };
    }

    /** A generate-name may end in '-': check it as if that dash were a letter, as upstream does. */
    private static String maskTrailingDash(String name) {
        if (name.length() > 1 && name.endsWith("-")) {
            return name.substring(0, name.length() - 2) + "a";
        }
        return name;
    }
}
