package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.pki.ClusterPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeTokenTest {

  @Test
  void aK10TokenPinsTheCaItWasMadeForAndKeepsItsSecret(@TempDir Path dir) throws Exception {
    ClusterPki pki = ClusterPki.loadOrCreate(dir, List.of());
    ClusterPki other = ClusterPki.loadOrCreate(dir.resolve("other"), List.of());
    Path file = dir.resolve("server/node-token");
    String secret = NodeToken.loadOrCreateSecret(file);
    NodeToken token = NodeToken.of(pki.caCertificate(), secret);
    token.write(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    NodeToken read = NodeToken.parse(Files.readString(file));
    assertThat(read).isEqualTo(token);
    assertThat(read.value()).startsWith("K10").contains("::node:" + secret);
    assertThat(read.pins(pki.caCertificate())).isTrue();
    assertThat(read.pins(other.caCertificate())).isFalse();
    assertThat(NodeToken.loadOrCreateSecret(file)).isEqualTo(secret);
    assertThat(read.toString()).doesNotContain(secret);
    assertThat(token.tokenAuthLine()).isEqualTo(secret + ",kube4j-node,kube4j-node,\"system:nodes\"");
  }

  @Test
  void aBareSecretPinsNothingAndMalformedTokensAreRefused() {
    NodeToken bare = NodeToken.parse("s3cret\n");
    assertThat(bare.caHash()).isNull();
    assertThat(bare.secret()).isEqualTo("s3cret");
    assertThatThrownBy(() -> NodeToken.parse("  ")).hasMessageContaining("empty");
    assertThatThrownBy(() -> NodeToken.parse("K10abc::node:x")).hasMessageContaining("SHA-256");
    assertThatThrownBy(() -> NodeToken.parse("K10" + "a".repeat(64))).hasMessageContaining("form");
    assertThatThrownBy(() -> NodeToken.parse("K10" + "a".repeat(64) + "::node:")).hasMessageContaining("no secret");
  }
}
