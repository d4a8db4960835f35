package io.kube4j.apiserver.pki;

import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * The subject alternative names of a serving certificate: DNS names (lower-cased, compared without
 * regard to case, as TLS host names are) and IP addresses (compared by value, so {@code ::1} and
 * {@code 0:0:0:0:0:0:0:1} are one address). Immutable; thread-safe.
 *
 * @param dnsNames  DNS names, lower case
 * @param addresses IP literals in their canonical form ({@link InetAddress#getHostAddress()})
 */
public record SubjectNames(Set<String> dnsNames, Set<String> addresses) {

    /** JDK {@code getSubjectAlternativeNames} type numbers (RFC 5280 GeneralName tags). */
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    public SubjectNames {
        dnsNames = Set.copyOf(new TreeSet<>(dnsNames));
        addresses = Set.copyOf(new TreeSet<>(addresses));
    }

    /**
     * Sorts each entry into an IP address (when it is an IP literal) or a DNS name.
     *
     * @throws IllegalArgumentException for a blank entry or one with characters no DNS name has
     */
    public static SubjectNames of(Collection<String> names) {
        Set<String> dns = new TreeSet<>();
        Set<String> ips = new TreeSet<>();
        for (String raw : names) {
            String name = raw == null ? "" : raw.strip();
            InetAddress address = ipLiteral(name);
            if (address != null) {
                ips.add(address.getHostAddress());
            } else if (name.matches("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?")) {
                dns.add(name.toLowerCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException("not a DNS name or IP address: \"" + raw + "\"");
            }
        }
        return new SubjectNames(dns, ips);
    }

    /** The DNS and IP SANs of a certificate; other kinds are ignored. */
    public static SubjectNames of(X509Certificate certificate) {
        Set<String> dns = new TreeSet<>();
        Set<String> ips = new TreeSet<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            for (List<?> san : sans == null ? List.<List<?>>of() : sans) {
                int type = (Integer) san.get(0);
                String value = String.valueOf(san.get(1));
                if (type == DNS_NAME) {
                    dns.add(value.toLowerCase(Locale.ROOT));
                } else if (type == IP_ADDRESS) {
                    InetAddress address = ipLiteral(value);
                    ips.add(address == null ? value : address.getHostAddress());
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable subjectAltName in " + certificate.getSubjectX500Principal(), e);
        }
        return new SubjectNames(dns, ips);
    }

    /** Whether every name and address of {@code other} is also one of ours. */
    public boolean covers(SubjectNames other) {
        return dnsNames.containsAll(other.dnsNames) && addresses.containsAll(other.addresses);
    }

    /** The union of both. */
    public SubjectNames plus(SubjectNames other) {
        return new SubjectNames(
                Stream.concat(dnsNames.stream(), other.dnsNames.stream()).collect(Collectors.toSet()),
                Stream.concat(addresses.stream(), other.addresses.stream()).collect(Collectors.toSet()));
    }

    /** The names as the X.509 extension value, DNS names first, each group sorted. */
    GeneralNames toGeneralNames() {
        Stream<GeneralName> dns = new TreeSet<>(dnsNames).stream().map(n -> new GeneralName(GeneralName.dNSName, n));
        Stream<GeneralName> ips = new TreeSet<>(addresses).stream().map(a -> new GeneralName(GeneralName.iPAddress, a));
        return new GeneralNames(Stream.concat(dns, ips).toArray(GeneralName[]::new));
    }

    /** The address an IP literal denotes, without any DNS lookup; null when it is not one. */
    static InetAddress ipLiteral(String text) {
        if (text.isEmpty() || !(text.indexOf(':') >= 0 || text.matches("[0-9.]+"))) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
