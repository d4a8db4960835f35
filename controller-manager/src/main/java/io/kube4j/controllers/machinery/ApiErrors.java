package io.kube4j.controllers.machinery;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Classifies the failures of {@link Api} calls by HTTP status, as apimachinery's errors.IsX. Stateless. */
public final class ApiErrors {

    private ApiErrors() {
    }

    public static int code(Throwable t) {
        return t instanceof KubernetesClientException k ? k.getCode() : -1;
    }

    public static boolean notFound(Throwable t) {
        return code(t) == 404;
    }

    public static boolean conflict(Throwable t) {
        return code(t) == 409 && !alreadyExists(t);
    }

    public static boolean alreadyExists(Throwable t) {
        return t instanceof KubernetesClientException k && k.getCode() == 409 && k.getStatus() != null
                && "AlreadyExists".equals(k.getStatus().getReason());
    }

    /** 403 from a terminating namespace: creates there will never succeed. */
    public static boolean namespaceTerminating(Throwable t) {
        return t instanceof KubernetesClientException k && k.getCode() == 403 && k.getStatus() != null
                && k.getStatus().getDetails() != null && k.getStatus().getDetails().getCauses() != null
                && k.getStatus().getDetails().getCauses().stream().anyMatch(c -> "NamespaceTerminating".equals(c.getReason()));
    }

    public static boolean invalid(Throwable t) {
        return code(t) == 422;
    }

    public static KubernetesClientException status(int code, String reason, String message) {
        var status = new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(code).withReason(reason)
                .withMessage(message).withStatus("Failure").build();
        return new KubernetesClientException(status);
    }
}
