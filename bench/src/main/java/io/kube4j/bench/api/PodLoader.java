package io.kube4j.bench.api;

import io.kube4j.bench.ClosedLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Fills a namespace with pods as fast as a closed loop goes (unmeasured set-up). Stateless. */
final class PodLoader {
  private static final int CLIENTS = 32;

  private PodLoader() {}

  /**
   * Creates pods {@code from} (inclusive) to {@code to} (exclusive) of {@link PodManifests} in
   * {@code namespace}.
   *
   * @throws IOException when any create failed or the load took longer than {@code bound}
   */
  static ClosedLoop.Outcome load(RunContext context, String namespace, long from, long to, Duration bound)
      throws IOException, InterruptedException {
    if (to <= from) {
      return null;
    }
    long timeout = context.options().requestTimeout().toSeconds();
    ClosedLoop.Outcome outcome = ClosedLoop.run(CLIENTS, to - from, bound, (client, seq) ->
        context.api().send("POST", RunContext.podsPath(namespace), PodManifests.create(namespace, from + seq))
            .get(timeout, TimeUnit.SECONDS));
    if (outcome.errors() > 0 || outcome.succeeded() != to - from) {
      throw new IOException("loading " + (to - from) + " pods into " + namespace + ": " + outcome.succeeded()
          + " created, " + outcome.errors() + " errors, first: " + outcome.firstError());
    }
    return outcome;
  }

  /** Creates {@code name} unless it exists. */
  static void namespace(RunContext context, String name) throws IOException, InterruptedException {
    try {
      context.api().call("POST", "/api/v1/namespaces", PodManifests.namespace(name));
    } catch (ApiClient.ApiCallException e) {
      if (e.status() != 409) {
        throw e;
      }
    }
  }
}
