package io.kube4j.apiserver.http;

import io.kube4j.apiserver.auth.UserInfo;
import org.eclipse.jetty.server.Request;

/**
 * Who is asking: returns the user, or throws {@code ApiException.Unauthorized}. The
 * implementation decides which paths anonymous users may reach. Thread-safe.
 */
@FunctionalInterface
public interface Authenticate {

    UserInfo user(Request request, String path);
}
