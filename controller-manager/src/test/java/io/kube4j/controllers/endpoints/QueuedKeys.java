package io.kube4j.controllers.endpoints;

import io.kube4j.controllers.machinery.KeyedController;
import java.util.ArrayList;
import java.util.List;

/** Test helper: the keys queued on a controller, taken without blocking. */
final class QueuedKeys {

    private QueuedKeys() {
    }

    static List<String> drain(KeyedController controller) throws InterruptedException {
        List<String> keys = new ArrayList<>();
        while (controller.queue().length() > 0) {
            String k = controller.queue().get();
            keys.add(k);
            controller.queue().done(k);
        }
        return keys;
    }
}
