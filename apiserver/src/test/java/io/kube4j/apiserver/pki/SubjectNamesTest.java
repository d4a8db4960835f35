package io.kube4j.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectNamesTest {

    record Case(String input, Set<String> dns, Set<String> ips) {
    }

    static Stream<Case> classification() {
        return Stream.of(
                new Case("localhost", Set.of("localhost"), Set.of()),
                new Case("API.Example.TEST", Set.of("api.example.test"), Set.of()),
                new Case("*.apps.example.test", Set.of("*.apps.example.test"), Set.of()),
                new Case("node_1", Set.of("node_1"), Set.of()),
                new Case("10.96.0.1", Set.of(), Set.of("10.96.0.1")),
                new Case("::1", Set.of(), Set.of("0:0:0:0:0:0:0:1")),
                new Case("0:0:0:0:0:0:0:1", Set.of(), Set.of("0:0:0:0:0:0:0:1")),
                new Case("fd00::10", Set.of(), Set.of("fd00:0:0:0:0:0:0:10")),
                new Case(" 192.0.2.1 ", Set.of(), Set.of("192.0.2.1")));
    }

    @ParameterizedTest
    @MethodSource
    void classification(Case c) {
        SubjectNames names = SubjectNames.of(List.of(c.input()));
        assertThat(names.dnsNames()).isEqualTo(c.dns());
        assertThat(names.addresses()).isEqualTo(c.ips());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "two words", "https://host", "a/b", "-leading"})
    void malformedNamesAreRejected(String input) {
        assertThatThrownBy(() -> SubjectNames.of(List.of(input))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("classification")
    void namesSurviveACertificateRoundTrip(Case c) {
        CertificateAuthority ca = CertificateAuthority.generate("t", java.time.Instant.now(), java.time.Duration.ofDays(1));
        SubjectNames names = SubjectNames.of(List.of(c.input(), "kubernetes"));
        KeyedCertificate serving = ca.issueServing("s", names, java.time.Instant.now(), java.time.Duration.ofHours(1));
        assertThat(SubjectNames.of(serving.certificate())).isEqualTo(names);
    }

    @org.junit.jupiter.api.Test
    void coversComparesByValue() {
        SubjectNames cert = SubjectNames.of(List.of("Kubernetes", "::1", "127.0.0.1"));
        assertThat(cert.covers(SubjectNames.of(List.of("kubernetes", "0:0:0:0:0:0:0:1")))).isTrue();
        assertThat(cert.covers(SubjectNames.of(List.of("kubernetes", "10.0.0.1")))).isFalse();
        assertThat(cert.covers(SubjectNames.of(List.of("other")))).isFalse();
    }
}
