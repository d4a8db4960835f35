package io.kube4j.controllers.machinery;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.util.concurrent.ExecutionException;

/**
 * Requests fabric8's DSL cannot express (DELETE with a body of DeleteOptions, PUT to
 * namespaces/{name}/finalize, merge patches with preconditions on generic resources), sent through
 * the client's HTTP client with its credentials. A failure becomes a {@link KubernetesClientException}
 * with the server's Status. Thread-safe; does not own the client.
 */
public final class RawHttp {

    private final KubernetesClient client;

    public RawHttp(KubernetesClient client) {
        this.client = client;
    }

    /** DELETE of {@code path} (from the server root) with {@code options} as its DeleteOptions body. */
    public void delete(String path, Api.Deletion options) {
        DeleteOptions body = new DeleteOptions();
        body.setApiVersion("v1");
        body.setKind("DeleteOptions");
        if (options.preconditionUid() != null) {
            body.setPreconditions(new Preconditions(null, options.preconditionUid()));
        }
        body.setPropagationPolicy(options.propagationPolicy());
        body.setGracePeriodSeconds(options.gracePeriodSeconds());
        send("DELETE", path, "application/json", Serialization.asJson(body));
    }

    /** Sends {@code method} to {@code path} (from the server root) with a JSON body; returns the response body. */
    public String send(String method, String path, String contentType, String body) {
        var builder = client.getHttpClient().newHttpRequestBuilder()
                .uri(URI.create(client.getMasterUrl().toString().replaceAll("/+$", "") + path));
        HttpRequest request = switch (method) {
            case "DELETE" -> builder.delete(contentType, body).build();
            case "PUT" -> builder.put(contentType, body).build();
            case "PATCH" -> builder.patch(contentType, body).build();
            default -> throw new IllegalArgumentException("unsupported method " + method);
        };
        HttpResponse<String> response;
        try {
            response = client.getHttpClient().sendAsync(request, String.class).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw KubernetesClientException.launderThrowable(e);
        } catch (ExecutionException e) {
            throw KubernetesClientException.launderThrowable(e.getCause());
        }
        if (!response.isSuccessful()) {
            Status status;
            try {
                status = Serialization.unmarshal(response.body(), Status.class);
            } catch (RuntimeException notStatus) {
                status = ApiErrors.status(response.code(), "", response.body()).getStatus();
            }
            if (status.getCode() == null) {
                status.setCode(response.code());
            }
            throw new KubernetesClientException(status);
        }
        return response.body();
    }
}
