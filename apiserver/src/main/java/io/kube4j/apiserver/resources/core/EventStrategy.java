package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.Event;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * core/v1 Events, with upstream's legacy event validation (the only one applied to the v1 API):
 * the involved object's namespace must match the event's (an empty one only in {@code default}
 * or for cluster-scoped objects); events with an eventTime need reportingController,
 * reportingInstance, action and reason within their limits. Stateless, thread-safe.
 */
public final class EventStrategy implements ResourceStrategy<Event> {

    private static final int INSTANCE_MAX = 128;
    private static final int ACTION_MAX = 128;
    private static final int REASON_MAX = 128;
    private static final int NOTE_MAX = 1024;

    @Override
    public List<FieldError> validate(Event event) {
        List<FieldError> errs = new ArrayList<>();
        String ns = event.getMetadata() == null || event.getMetadata().getNamespace() == null
                ? "" : event.getMetadata().getNamespace();
        String involved = event.getInvolvedObject() == null || event.getInvolvedObject().getNamespace() == null
                ? "" : event.getInvolvedObject().getNamespace();
        if (event.getEventTime() == null || event.getEventTime().getTime() == null) {
            if (involved.isEmpty() ? !ns.isEmpty() && !ns.equals("default") : !ns.equals(involved)) {
                errs.add(FieldError.invalid("involvedObject.namespace", involved, "does not match event.namespace"));
            }
        } else {
            if (involved.isEmpty() && !ns.equals("default") && !ns.equals("kube-system")) {
                errs.add(FieldError.invalid("involvedObject.namespace", involved, "does not match event.namespace"));
            }
            String controller = str(event.getReportingComponent());
            if (controller.isEmpty()) {
                errs.add(FieldError.required("reportingController", ""));
            }
            for (String msg : io.kube4j.apiserver.validation.NameRules.isQualifiedName(controller)) {
                errs.add(FieldError.invalid("reportingController", controller, msg));
            }
            limited(errs, "reportingInstance", str(event.getReportingInstance()), INSTANCE_MAX, true);
            limited(errs, "action", str(event.getAction()), ACTION_MAX, true);
            limited(errs, "reason", str(event.getReason()), REASON_MAX, true);
            limited(errs, "message", str(event.getMessage()), NOTE_MAX, false);
        }
        return errs;
    }

    private static void limited(List<FieldError> errs, String path, String value, int max, boolean required) {
        if (required && value.isEmpty()) {
            errs.add(FieldError.required(path, ""));
        }
        if (value.length() > max) {
            errs.add(FieldError.invalid(path, "", "can have at most " + max + " characters"));
        }
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }
}
