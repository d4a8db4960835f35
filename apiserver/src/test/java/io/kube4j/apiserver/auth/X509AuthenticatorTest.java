package io.kube4j.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.pki.CertificateAuthority;
import io.kube4j.apiserver.pki.KeyedCertificate;
import io.kube4j.apiserver.pki.SubjectNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class X509AuthenticatorTest {

    private static final Instant NOW = Instant.parse("2031-06-01T12:00:00Z");
    private final CertificateAuthority ca = CertificateAuthority.generate("test-ca", NOW, Duration.ofDays(100));
    private final X509Authenticator authenticator = new X509Authenticator(ca.certificate(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void commonNameIsTheUserAndOrganizationsTheGroups() {
        KeyedCertificate cert = ca.issueClient("jane", List.of("dev", "system:masters"), NOW, Duration.ofDays(1));
        assertThat(authenticator.authenticate(List.of(cert.certificate())))
                .contains(new UserInfo("jane", "", List.of("dev", "system:masters"), Map.of()));
        assertThat(authenticator.authenticate(List.of(cert.certificate(), ca.certificate())))
                .as("the CA itself in the presented chain").map(UserInfo::name).contains("jane");
    }

    @Test
    void aCertificateFromAnotherCaIs401() {
        CertificateAuthority other = CertificateAuthority.generate("test-ca", NOW, Duration.ofDays(100));
        KeyedCertificate forged = other.issueClient("jane", List.of("system:masters"), NOW, Duration.ofDays(1));
        assertThatThrownBy(() -> authenticator.authenticate(List.of(forged.certificate(), other.certificate())))
                .isInstanceOf(ApiException.Unauthorized.class);
    }

    @Test
    void expiredAndNotYetValidCertificatesAre401() {
        KeyedCertificate old = ca.issueClient("jane", List.of(), NOW.minus(Duration.ofDays(3)), Duration.ofDays(1));
        assertThatThrownBy(() -> authenticator.authenticate(List.of(old.certificate())))
                .isInstanceOf(ApiException.Unauthorized.class);
        KeyedCertificate future = ca.issueClient("jane", List.of(), NOW.plus(Duration.ofDays(3)), Duration.ofDays(1));
        assertThatThrownBy(() -> authenticator.authenticate(List.of(future.certificate())))
                .isInstanceOf(ApiException.Unauthorized.class);
    }

    @Test
    void aServerOnlyCertificateIsNotAClientIdentity() {
        KeyedCertificate serving = ca.issueServing("kube-apiserver", SubjectNames.of(List.of("localhost")), NOW,
                Duration.ofDays(1));
        assertThatThrownBy(() -> authenticator.authenticate(List.of(serving.certificate())))
                .isInstanceOf(ApiException.Unauthorized.class);
    }

    @Test
    void aRememberedChainStopsWorkingWhenItExpires() {
        Instant[] now = {NOW};
        Clock moving = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        X509Authenticator remembering = new X509Authenticator(ca.certificate(), moving);
        KeyedCertificate cert = ca.issueClient("jane", List.of(), NOW.minus(Duration.ofHours(1)), Duration.ofHours(1).plusSeconds(30));
        for (int i = 0; i < 3; i++) {
            assertThat(remembering.authenticate(List.of(cert.certificate()))).map(UserInfo::name).contains("jane");
        }
        now[0] = NOW.plusSeconds(31);
        assertThatThrownBy(() -> remembering.authenticate(List.of(cert.certificate())))
                .isInstanceOf(ApiException.Unauthorized.class);
    }
}
