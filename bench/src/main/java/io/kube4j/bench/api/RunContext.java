package io.kube4j.bench.api;

import io.etcd.jetcd.Client;

/**
 * What the sections of one run share: the server, an HTTP/2 client of it, a jetcd client of its
 * store (the reference) and where figures go. Owned by the runner, valid for one run.
 */
record RunContext(int run, ApiServerProcess server, ApiClient api, Client store, ApiBenchOptions options,
    ApiReport report) {

  static final String SMALL_NAMESPACE = "bench-small";
  static final String LARGE_NAMESPACE = "bench-large";
  static final String FANOUT_NAMESPACE = "bench-fanout";

  static String podPath(String namespace, String name) {
    return "/api/v1/namespaces/" + namespace + "/pods/" + name;
  }

  static String podsPath(String namespace) {
    return "/api/v1/namespaces/" + namespace + "/pods";
  }

  /** The store key the apiserver keeps a pod under (upstream's layout). */
  static String podKey(String namespace, String name) {
    return "/registry/pods/" + namespace + "/" + name;
  }
}
