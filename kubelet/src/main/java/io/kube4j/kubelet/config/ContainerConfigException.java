package io.kube4j.kubelet.config;

/**
 * A container's config cannot be made (upstream's reason CreateContainerConfigError); the message
 * names what is missing, e.g. {@code configmap "app" not found} or
 * {@code couldn't find key mode in ConfigMap default/app}.
 */
public class ContainerConfigException extends Exception {

    public ContainerConfigException(String message) {
        super(message);
    }
}
