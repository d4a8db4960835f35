package io.kube4j.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EtcdEndpointsTest {

  @Test
  void parsesEtcdServersUrls() {
    EtcdEndpoints endpoints = EtcdEndpoints.parse(List.of("http://10.0.0.1:2379", " etcd-1:2379 ", "http://[::1]:22379", ""));
    assertThat(endpoints.hostPorts()).containsExactly("10.0.0.1:2379", "etcd-1:2379", "[::1]:22379");
    assertThat(endpoints.target()).isEqualTo("kube4j-etcd:///10.0.0.1:2379,etcd-1:2379,[::1]:22379");
  }

  @Test
  void refusesWhatItCannotSpeak() {
    assertThatThrownBy(() -> EtcdEndpoints.parse(List.of("https://a:2379"))).hasMessageContaining("only http://");
    assertThatThrownBy(() -> EtcdEndpoints.parse(List.of("http://a"))).hasMessageContaining("host and a port");
    assertThatThrownBy(() -> EtcdEndpoints.parse(List.of(" "))).hasMessageContaining("no etcd endpoint");
  }
}
