package io.kube4j.store.api;

import java.util.List;

/** One member of the store's Raft group, as etcd's {@code Member}. */
public record Member(long id, String name, List<String> peerUrls, List<String> clientUrls, boolean learner) {
  public Member {
    peerUrls = List.copyOf(peerUrls);
    clientUrls = List.copyOf(clientUrls);
  }
}
