package io.kube4j.kubelet.volume;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@link TokenSource} through a fabric8 client's raw requests (the client's model has no
 * TokenRequest type). Thread-safe; the client stays the caller's.
 */
public final class Fabric8TokenSource implements TokenSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;

    public Fabric8TokenSource(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Token request(String namespace, String serviceAccount, List<String> audiences, long expirationSeconds,
            String podName, String podUid) throws IOException {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("audiences", audiences);
        spec.put("expirationSeconds", expirationSeconds);
        spec.put("boundObjectRef", Map.of("apiVersion", "v1", "kind", "Pod", "name", podName, "uid", podUid));
        Map<String, Object> body = Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenRequest", "spec", spec);
        String master = client.getMasterUrl().toString();
        String url = (master.endsWith("/") ? master : master + "/") + "api/v1/namespaces/" + enc(namespace)
                + "/serviceaccounts/" + enc(serviceAccount) + "/token";
        String answer;
        try {
            answer = client.raw(url, "POST", JSON.writeValueAsString(body));
        } catch (KubernetesClientException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (answer == null) {
            throw new IOException("serviceaccounts \"" + serviceAccount + "\" not found");
        }
        JsonNode status = JSON.readTree(answer).path("status");
        String token = status.path("token").asString("");
        if (token.isEmpty()) {
            throw new IOException("the TokenRequest answer has no token");
        }
        String exp = status.path("expirationTimestamp").asString("");
        Instant expiration = exp.isEmpty() ? Instant.now().plusSeconds(expirationSeconds) : Instant.parse(exp);
        return new Token(token, expiration);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
