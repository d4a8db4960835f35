package io.kube4j.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for servers a test starts a moment later. They are drawn below Linux's ephemeral
 * range (32768-60999 by default): a port the kernel handed out with {@code bind(0)} is an
 * ephemeral one, which any outgoing connection may take as its source port before the test binds
 * it again ("Address already in use" on a busy machine). Thread-safe.
 */
final class FreePorts {

  private static final int LOW = 20_000;
  private static final int HIGH = 32_000;

  private FreePorts() {}

  /** A port in [20000, 32000) that could be bound on loopback just now. */
  static int next() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // another one
      }
    }
    throw new UncheckedIOException(new IOException("no free loopback port in [" + LOW + ", " + HIGH + ") after 200 tries"));
  }
}
