package io.kube4j.store.api;

import java.util.List;

/** Lease requests and answers, as etcd's Lease service has them. */
public final class Lease {
  private Lease() {}

  /** @param id the granted lease; @param ttl its TTL in seconds */
  public record Grant(long revision, long id, long ttl) {}

  /** @param ttl the remaining TTL in seconds after the keep-alive */
  public record KeepAlive(long revision, long id, long ttl) {}

  /**
   * @param ttl remaining seconds, -1 when the lease has expired or does not exist
   * @param grantedTtl the TTL the lease was granted with
   * @param keys the attached keys when asked for, else empty
   */
  public record TimeToLive(long revision, long id, long ttl, long grantedTtl, List<Bytes> keys) {
    public TimeToLive {
      keys = List.copyOf(keys);
    }
  }
}
