package io.kube4j.apiserver.pki;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The parts of a certificate's subject that Kubernetes reads: the common name (the user) and the
 * organizations (the groups), in certificate order. Immutable; thread-safe.
 *
 * @param commonName    the first CN, or the empty string when there is none
 * @param organizations every O value
 */
public record CertificateSubject(String commonName, List<String> organizations) {

    public CertificateSubject {
        organizations = List.copyOf(organizations);
    }

    /** Reads the subject of {@code certificate}. */
    public static CertificateSubject of(X509Certificate certificate) {
        X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        List<String> cns = values(name, BCStyle.CN);
        return new CertificateSubject(cns.isEmpty() ? "" : cns.getFirst(), values(name, BCStyle.O));
    }

    private static List<String> values(X500Name name, ASN1ObjectIdentifier type) {
        return Arrays.stream(name.getRDNs())
                .flatMap(rdn -> Arrays.stream(rdn.getTypesAndValues()))
                .filter(atv -> atv.getType().equals(type))
                .map(atv -> atv.getValue() instanceof ASN1String text ? text.getString() : atv.getValue().toString())
                .toList();
    }
}
