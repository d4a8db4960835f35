package io.kube4j.bench;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Several independent jetcd clients (each its own gRPC channel, so its own HTTP/2 connection),
 * {@code perMember} of them to each member. Load client {@code i} uses connection
 * {@code i % size()}, so with many load clients no single connection is the bottleneck, and with
 * several members the load is spread evenly; followers forward writes to the leader, in etcd and in
 * kube4j alike. The same pool shape is used for both targets.
 *
 * <p>Thread-safe (jetcd clients are). {@link #close()} closes every client.
 */
final class ClientPool implements AutoCloseable {
  private final List<Client> clients = new ArrayList<>();

  ClientPool(List<URI> endpoints, int perMember) {
    for (int i = 0; i < perMember; i++) {
      for (URI endpoint : endpoints) {
        clients.add(Client.builder().endpoints(endpoint).build());
      }
    }
  }

  int size() {
    return clients.size();
  }

  Client client(int loadClient) {
    return clients.get(Math.floorMod(loadClient, clients.size()));
  }

  KV kv(int loadClient) {
    return client(loadClient).getKVClient();
  }

  @Override
  public void close() {
    clients.forEach(Client::close);
  }
}
