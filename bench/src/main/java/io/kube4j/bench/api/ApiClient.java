package io.kube4j.bench.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The harness's HTTP/2 client of the apiserver: a fixed set of JDK {@link HttpClient}s, each holding
 * one HTTP/2 connection (TLS with the admin certificate), requests spread over them round-robin or
 * pinned to one by the caller. Several connections because the server allows
 * {@code HttpsConnectors.MAX_CONCURRENT_STREAMS} streams per connection, and 10,000 watches need
 * more than one.
 *
 * <p>Thread-safe. Every request has a timeout; a non-2xx answer fails with {@link ApiCallException}.
 * {@link #close()} closes every connection (and with them every open watch).
 */
final class ApiClient implements AutoCloseable {
  private final URI base;
  private final List<HttpClient> clients;
  private final Duration timeout;
  private final AtomicInteger next = new AtomicInteger();

  /** A non-2xx answer: the status and the start of the body (a Status object, usually). */
  static final class ApiCallException extends IOException {
    private final int status;

    ApiCallException(String request, int status, String body) {
      super(request + " -> HTTP " + status + ": " + body.substring(0, Math.min(body.length(), 300)));
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  /**
   * Opens {@code connections} HTTP/2 connections to {@code kubeconfig.server()}, each proven by a
   * {@code GET /version} before the constructor returns, so that no measured request pays for a
   * handshake and no burst of first requests races to open extra connections.
   */
  ApiClient(AdminKubeconfig kubeconfig, int connections, Duration timeout) throws IOException, InterruptedException {
    this.base = kubeconfig.server();
    this.timeout = timeout;
    List<HttpClient> built = new ArrayList<>();
    try {
      for (int i = 0; i < connections; i++) {
        HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .sslContext(kubeconfig.tls())
            .connectTimeout(timeout)
            .build();
        built.add(client);
        HttpResponse<String> version = client.send(request("GET", "/version", null).build(),
            HttpResponse.BodyHandlers.ofString());
        if (version.version() != HttpClient.Version.HTTP_2 || version.statusCode() != 200) {
          throw new IOException("GET /version: HTTP " + version.statusCode() + " over " + version.version()
              + " (HTTP/2 with status 200 expected)");
        }
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      built.forEach(HttpClient::close);
      throw e;
    }
    this.clients = List.copyOf(built);
  }

  int connections() {
    return clients.size();
  }

  /** Sends {@code method path} (JSON body or null) on the next connection; fails on non-2xx. */
  CompletableFuture<byte[]> send(String method, String path, byte[] body) {
    return send(Math.floorMod(next.getAndIncrement(), clients.size()), method, path, body);
  }

  CompletableFuture<byte[]> send(int connection, String method, String path, byte[] body) {
    HttpRequest request = request(method, path, body).build();
    return clients.get(connection).sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(response -> checked(method, path, response.statusCode(), response.body()));
  }

  /**
   * GETs {@code path} and discards the body, counting its bytes (a LIST of 10,000 pods is tens of
   * MiB: holding it would load the harness's heap, not the server).
   */
  CompletableFuture<Long> getCounting(String path) {
    HttpRequest request = request("GET", path, null).build();
    return clients.get(Math.floorMod(next.getAndIncrement(), clients.size()))
        .sendAsync(request, info -> info.statusCode() / 100 == 2
            ? HttpResponse.BodySubscribers.fromSubscriber(new ByteCounter(), ByteCounter::total)
            : HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(), bytes -> {
              throw new CompletionException(new ApiCallException("GET " + path, info.statusCode(),
                  new String(bytes, StandardCharsets.UTF_8)));
            }))
        .thenApply(HttpResponse::body);
  }

  /**
   * Opens a watch ({@code path} carries {@code watch=1}) on {@code connection}; each line of the
   * stream goes to {@code lines}. The returned future completes with the status code as soon as the
   * response headers arrived (the body runs on), or fails. No request timeout: a watch is
   * long-running; it ends with the connection or when {@code lines} cancels.
   */
  CompletableFuture<Integer> watch(int connection, String path, Flow.Subscriber<String> lines) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).header("Accept", "application/json").GET()
        .build();
    CompletableFuture<Integer> headers = new CompletableFuture<>();
    // sendAsync's own future completes only once the body ended; the handler runs at the headers.
    clients.get(connection).sendAsync(request, info -> {
      headers.complete(info.statusCode());
      return HttpResponse.BodySubscribers.fromLineSubscriber(lines);
    }).whenComplete((response, failure) -> {
      if (failure != null) {
        headers.completeExceptionally(failure);
      }
    });
    return headers;
  }

  /** Blocking {@link #send(String, String, byte[])}, unwrapping the failure. */
  byte[] call(String method, String path, byte[] body) throws IOException, InterruptedException {
    try {
      return send(method, path, body).get();
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(method + " " + path + ": " + cause, cause);
    }
  }

  private HttpRequest.Builder request(String method, String path, byte[] body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
        .header("Accept", "application/json");
    if (body == null) {
      return builder.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return builder.header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private static byte[] checked(String method, String path, int status, byte[] body) {
    if (status / 100 != 2) {
      throw new CompletionException(new ApiCallException(method + " " + path, status,
          new String(body, StandardCharsets.UTF_8)));
    }
    return body;
  }

  @Override
  public void close() {
    clients.forEach(HttpClient::shutdownNow);
  }

  /** Counts and drops the bytes of a body. */
  private static final class ByteCounter implements Flow.Subscriber<List<ByteBuffer>> {
    private long total;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer buffer : buffers) {
        total += buffer.remaining();
      }
    }

    @Override
    public void onError(Throwable throwable) {
      // the response future fails with it
    }

    @Override
    public void onComplete() {
      // total is final
    }

    long total() {
      return total;
    }
  }
}
