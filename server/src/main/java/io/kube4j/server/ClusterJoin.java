package io.kube4j.server;

import io.kube4j.store.StoreConfig;
import io.kube4j.store.api.Member;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.etcd.EtcdKvStore;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kube4j store --join URL}: asks a running cluster to add this member (etcd's MemberAdd, the
 * step an operator does by hand with {@code etcdctl member add}), then turns the answer into the
 * config this member starts with. Stateless; safe from any thread.
 */
final class ClusterJoin {

  private static final Logger log = LoggerFactory.getLogger(ClusterJoin.class);

  private ClusterJoin() {}

  /**
   * Adds this member, advertised at {@code config.initialAdvertisePeerUrls()}, to the cluster that
   * {@code memberClientUrl} belongs to, then reads the cluster's member list (MemberAdd's own answer
   * carries it too, but {@link EtcdKvStore} hands back only the added member).
   *
   * @return {@code config} with the cluster's member list as initial cluster and state {@code existing}
   * @throws IOException when the running member cannot be reached or refuses, each call bounded by
   *     {@code timeout}
   */
  static StoreConfig join(StoreConfig config, URI memberClientUrl, Duration timeout) throws IOException {
    log.info("Asking the cluster at {} to add member {} with peer URLs {}",
        memberClientUrl, config.name(), config.initialAdvertisePeerUrls());
    List<String> peerUrls = config.initialAdvertisePeerUrls().stream().map(URI::toString).toList();
    try (EtcdKvStore client = new EtcdKvStore(List.of(memberClientUrl.toString()), timeout)) {
      long selfId = client.memberAdd(peerUrls, false).id();
      List<Member> members = client.members();
      Map<String, URI> cluster = initialCluster(selfId, config.name(), config.initialAdvertisePeerUrls(), members);
      log.info("Cluster accepted member {} as id {}; initial cluster is now {}",
          config.name(), Long.toHexString(selfId), cluster);
      return config.withPeers(config.listenPeerUrls(), config.initialAdvertisePeerUrls(), cluster, "existing");
    } catch (StoreException e) {
      throw new IOException("member add through " + memberClientUrl + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The initial cluster a joining member starts with, built from MemberAdd's member list. Members
   * that have not started yet have no name, so they go by their id in hex; the joining member
   * ({@code selfId}) goes by its own name and advertised peer URL, listed even if the answer
   * omitted it. A member with several peer URLs is reached through its first one.
   */
  static Map<String, URI> initialCluster(long selfId, String selfName, List<URI> selfPeerUrls, List<Member> members) {
    Map<String, URI> cluster = new LinkedHashMap<>();
    boolean selfListed = false;
    for (Member member : members) {
      if (member.id() == selfId) {
        cluster.put(selfName, selfPeerUrls.getFirst());
        selfListed = true;
      } else if (!member.peerUrls().isEmpty()) {
        String name = member.name().isEmpty() ? Long.toHexString(member.id()) : member.name();
        cluster.put(name, URI.create(member.peerUrls().getFirst()));
      }
    }
    if (!selfListed) {
      cluster.put(selfName, selfPeerUrls.getFirst());
    }
    return cluster;
  }
}
