package io.kube4j.apiserver.auth;

import io.kube4j.apiserver.errors.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Finds the bearer token of a request as upstream does: the {@code Authorization: Bearer <token>}
 * header (scheme case-insensitive; a missing or empty token counts as no token), or, for WebSocket
 * upgrades only (browsers cannot set headers there), a subprotocol
 * {@value #WEBSOCKET_PROTOCOL_PREFIX}{@code <base64url token>}. Stateless; thread-safe.
 */
public final class BearerToken {

    /** The subprotocol prefix that carries a token on WebSocket upgrades. */
    public static final String WEBSOCKET_PROTOCOL_PREFIX = "base64url.bearer.authorization.k8s.io.";

    private BearerToken() {
    }

    /**
     * The token, or empty when the request carries none.
     *
     * @throws ApiException.Unauthorized when a WebSocket token is not valid base64url
     */
    public static Optional<String> from(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header != null && !header.isBlank()) {
            String[] parts = header.strip().split(" ", 3);
            if (parts.length >= 2 && parts[0].toLowerCase(Locale.ROOT).equals("bearer") && !parts[1].isEmpty()) {
                return Optional.of(parts[1]);
            }
            return Optional.empty();
        }
        return isWebSocketUpgrade(request) ? fromWebSocketProtocols(request) : Optional.empty();
    }

    private static Optional<String> fromWebSocketProtocols(Request request) {
        for (String protocols : request.getHeaders().getValuesList(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL)) {
            for (String protocol : protocols.split(",")) {
                String p = protocol.strip();
                if (p.startsWith(WEBSOCKET_PROTOCOL_PREFIX)) {
                    try {
                        String token = new String(Base64.getUrlDecoder()
                                .decode(p.substring(WEBSOCKET_PROTOCOL_PREFIX.length())), StandardCharsets.UTF_8);
                        if (token.isEmpty()) {
                            throw new ApiException.Unauthorized();
                        }
                        return Optional.of(token);
                    } catch (IllegalArgumentException e) {
                        throw new ApiException.Unauthorized();
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isWebSocketUpgrade(Request request) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }
}
