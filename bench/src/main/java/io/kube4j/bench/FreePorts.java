package io.kube4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Picks distinct free TCP ports on 127.0.0.1 (asked of the kernel, all held open until picked). */
public final class FreePorts {
  private FreePorts() {}

  /**
   * Returns {@code count} distinct ports that were free a moment ago. Another process may still
   * take one before the server binds it; the start-up check then fails with the member's log.
   */
  public static List<Integer> pick(int count) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(socket);
        ports.add(socket.getLocalPort());
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    } finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing a listening socket we own; nothing to recover
        }
      }
    }
  }
}
