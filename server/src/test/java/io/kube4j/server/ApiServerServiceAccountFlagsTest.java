package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.apiserver.serviceaccount.ServiceAccountSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ApiServerServiceAccountFlagsTest {

  private static ServiceAccountSettings parse(String... args) {
    ApiServerSubcommand command = new ApiServerSubcommand();
    new CommandLine(command).parseArgs(args);
    return command.serviceAccountSettings();
  }

  @Test
  void defaultsAreUpstreams() {
    ServiceAccountSettings s = parse();
    assertThat(s.issuers()).containsExactly("https://kubernetes.default.svc.cluster.local");
    assertThat(s.audiences()).containsExactly("https://kubernetes.default.svc.cluster.local");
    assertThat(s.signingKeyFile()).isNull();
    assertThat(s.keyFiles()).isEmpty();
    assertThat(s.extendExpiration()).isTrue();
    assertThat(s.maxExpiration()).isNull();
  }

  @Test
  void flagsAsKubeApiserverSpellsThem() {
    ServiceAccountSettings s = parse("--service-account-issuer", "https://a.example", "--service-account-issuer",
        "https://b.example", "--service-account-key-file", "/k/old.pub", "--service-account-key-file", "/k/new.pub",
        "--service-account-signing-key-file", "/k/new.key", "--api-audiences", "x,y",
        "--service-account-max-token-expiration", "48h", "--service-account-extend-token-expiration", "false",
        "--service-account-jwks-uri", "https://a.example/keys");
    assertThat(s.signingIssuer()).isEqualTo("https://a.example");
    assertThat(s.issuers()).containsExactly("https://a.example", "https://b.example");
    assertThat(s.keyFiles()).containsExactly(Path.of("/k/old.pub"), Path.of("/k/new.pub"));
    assertThat(s.signingKeyFile()).isEqualTo(Path.of("/k/new.key"));
    assertThat(s.audiences()).containsExactly("x", "y");
    assertThat(s.maxExpiration()).isEqualTo(Duration.ofHours(48));
    assertThat(s.extendExpiration()).isFalse();
    assertThat(s.jwksUri()).isEqualTo("https://a.example/keys");
  }
}
