package io.kube4j.apiserver.http;

import org.eclipse.jetty.server.Request;

/**
 * Who is asking: returns the user name, or throws {@code ApiException.Unauthorized}. The
 * implementation decides which paths anonymous users may reach. Thread-safe.
 */
@FunctionalInterface
public interface Authenticate {

    String user(Request request, String path);
}
