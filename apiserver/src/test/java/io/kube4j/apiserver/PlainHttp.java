package io.kube4j.apiserver;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A plain-HTTP loopback connector on a free port: for tests that exercise the API, not TLS. */
final class PlainHttp implements ApiServer.Connectors {

    @Override
    public ServerConnector add(Server server) {
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        c.setPort(0);
        c.setIdleTimeout(120_000);
        server.addConnector(c);
        return c;
    }

    @Override
    public String scheme() {
        return "http";
    }
}
