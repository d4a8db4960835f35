package io.kube4j.store.raft;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * How etcd-style uint64 ids map onto Ratis' ids. Every id is derived, never stored: a member's id is
 * a hash of its peer URLs and the cluster token, so every member (and a member about to join) computes
 * the same id for the same member without asking anyone. The Ratis peer id is that id in lower-case
 * hex, as etcdctl prints member ids; the Raft group and the cluster id both come from the token.
 *
 * <p>Stateless and thread-safe.
 */
public final class MemberIds {
  private MemberIds() {}

  /** The member id of the member reachable at {@code peerUrls}, in the cluster named by the token. */
  public static long memberId(Collection<String> peerUrls, String clusterToken) {
    List<String> sorted = peerUrls.stream().map(MemberIds::normalize).sorted().toList();
    return nonZero(hash("member\n" + String.join(",", sorted) + "\n" + clusterToken));
  }

  public static long clusterId(String clusterToken) {
    return nonZero(hash("cluster\n" + clusterToken));
  }

  public static RaftGroupId groupId(String clusterToken) {
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("kube4j-raft-group\n" + clusterToken)
        .getBytes(StandardCharsets.UTF_8)));
  }

  public static RaftPeerId peerId(long memberId) {
    return RaftPeerId.valueOf(Long.toHexString(memberId));
  }

  /** The member id behind a Ratis peer id made by {@link #peerId}. */
  public static long memberId(RaftPeerId peerId) {
    return Long.parseUnsignedLong(peerId.toString(), 16);
  }

  /** A peer URL as ids are computed from it: scheme, host and port; no path, no trailing slash. */
  public static String normalize(String url) {
    URI uri = URI.create(url.trim());
    if (uri.getHost() == null || uri.getPort() < 0) {
      throw new IllegalArgumentException("peer URL needs a host and a port: " + url);
    }
    String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    return scheme + "://" + uri.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + uri.getPort();
  }

  /** The {@code host:port} Ratis dials for a peer URL. */
  public static String address(String url) {
    URI uri = URI.create(normalize(url));
    return uri.getHost() + ":" + uri.getPort();
  }

  private static long hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static long nonZero(long id) {
    return id == 0 ? 1 : id; // etcd reserves 0 for "none"
  }
}
