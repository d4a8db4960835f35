package io.kube4j.kubelet.credentials;

import io.kube4j.runtime.ImageService;
import io.kube4j.runtime.ImageStatus;
import io.kube4j.runtime.RegistryAuth;
import io.kube4j.runtime.RuntimeFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * A pull with each of several credentials in turn until one works (upstream's kuberuntime
 * PullImage): none means one anonymous pull; when every one fails, the failure is the only error,
 * or all of them as Go's aggregate prints them ({@code [e1, e2]}) with the first one's reason. Stateless.
 */
public final class CredentialPull {

    private CredentialPull() {}

    /** @throws RuntimeFailure when no credentials pulled the image */
    public static ImageStatus pull(ImageService images, String image, List<RegistryAuth> credentials) {
        if (credentials.isEmpty()) {
            return images.pull(image, RegistryAuth.ANONYMOUS);
        }
        List<RuntimeFailure> failures = new ArrayList<>();
        for (RegistryAuth auth : credentials) {
            try {
                return images.pull(image, auth);
            } catch (RuntimeFailure e) {
                failures.add(e);
            }
        }
        if (failures.size() == 1) {
            throw failures.getFirst();
        }
        List<String> messages = failures.stream().map(Throwable::getMessage).toList();
        throw new RuntimeFailure(failures.getFirst().reason(), "[" + String.join(", ", messages) + "]", failures.getFirst());
    }
}
