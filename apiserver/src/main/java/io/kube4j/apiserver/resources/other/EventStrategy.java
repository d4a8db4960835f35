package io.kube4j.apiserver.resources.other;

import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.resources.apps.Checks;
import io.kube4j.apiserver.validation.NameRules;
import java.util.ArrayList;
import java.util.List;

/**
 * events.k8s.io/v1 Event, as upstream's {@code ValidateEventCreate}/{@code ValidateEventUpdate}
 * for that group: eventTime, reportingController, reportingInstance, action and reason required;
 * type Normal or Warning; the deprecated core fields unset; a series counts at least 2.
 *
 * <p>Upstream validates the internal (core) Event, so a few paths carry the core names:
 * {@code involvedObject.namespace} for {@code regarding.namespace}, {@code message} for
 * {@code note}, {@code deprecatedSource} and friends as written. We report the same paths.
 * Stateless; thread-safe.
 */
public final class EventStrategy implements ResourceStrategy<Event> {

    static final int REPORTING_INSTANCE_LIMIT = 128;
    static final int ACTION_LIMIT = 128;
    static final int REASON_LIMIT = 128;
    static final int NOTE_LIMIT = 1024;

    @Override
    public List<FieldError> validate(Event ev) {
        List<FieldError> errs = legacy(ev);
        MicroTime eventTime = ev.getEventTime();
        if (ev.getSeries() != null) {
            if (Checks.intOr(ev.getSeries().getCount(), 0) < 2) {
                errs.add(FieldError.invalid("series.count", "", "should be at least 2"));
            }
            if (empty(ev.getSeries().getLastObservedTime())) {
                errs.add(FieldError.required("series.lastObservedTime", ""));
            }
        }
        if (empty(eventTime)) {
            errs.add(FieldError.required("eventTime", ""));
        }
        String type = Checks.str(ev.getType());
        if (!type.equals("Normal") && !type.equals("Warning")) {
            errs.add(FieldError.invalid("type", "", "has invalid value: " + type));
        }
        if (!Checks.str(ev.getDeprecatedFirstTimestamp()).isEmpty()) {
            errs.add(FieldError.invalid("deprecatedFirstTimestamp", "", "needs to be unset"));
        }
        if (!Checks.str(ev.getDeprecatedLastTimestamp()).isEmpty()) {
            errs.add(FieldError.invalid("deprecatedLastTimestamp", "", "needs to be unset"));
        }
        if (Checks.intOr(ev.getDeprecatedCount(), 0) != 0) {
            errs.add(FieldError.invalid("deprecatedCount", "", "needs to be unset"));
        }
        EventSource src = ev.getDeprecatedSource();
        if (src != null && (!Checks.str(src.getComponent()).isEmpty() || !Checks.str(src.getHost()).isEmpty())) {
            errs.add(FieldError.invalid("deprecatedSource", "", "needs to be unset"));
        }
        return errs;
    }

    /** The checks every Event passes whichever group it comes through (upstream's legacyValidateEvent). */
    private static List<FieldError> legacy(Event ev) {
        List<FieldError> errs = new ArrayList<>();
        String ns = ev.getMetadata() == null ? "" : Checks.str(ev.getMetadata().getNamespace());
        String regardingNs = ev.getRegarding() == null ? "" : Checks.str(ev.getRegarding().getNamespace());
        if (empty(ev.getEventTime())) {
            boolean ok = regardingNs.isEmpty() ? ns.isEmpty() || ns.equals("default") : ns.equals(regardingNs);
            if (!ok) {
                errs.add(FieldError.invalid("involvedObject.namespace", regardingNs, "does not match event.namespace"));
            }
        } else {
            if (regardingNs.isEmpty() && !ns.equals("default") && !ns.equals("kube-system")) {
                errs.add(FieldError.invalid("involvedObject.namespace", regardingNs, "does not match event.namespace"));
            }
            String controller = Checks.str(ev.getReportingController());
            if (controller.isEmpty()) {
                errs.add(FieldError.required("reportingController", ""));
            }
            for (String msg : NameRules.isQualifiedName(controller)) {
                errs.add(FieldError.invalid("reportingController", controller, msg));
            }
            required(errs, ev.getReportingInstance(), "reportingInstance", REPORTING_INSTANCE_LIMIT);
            required(errs, ev.getAction(), "action", ACTION_LIMIT);
            required(errs, ev.getReason(), "reason", REASON_LIMIT);
            if (Checks.str(ev.getNote()).length() > NOTE_LIMIT) {
                errs.add(FieldError.invalid("message", "", "can have at most " + NOTE_LIMIT + " characters"));
            }
        }
        for (String msg : NameRules.isDns1123Subdomain(ns)) {
            errs.add(FieldError.invalid("namespace", ns, msg));
        }
        return errs;
    }

    private static void required(List<FieldError> errs, String value, String path, int limit) {
        String v = Checks.str(value);
        if (v.isEmpty()) {
            errs.add(FieldError.required(path, ""));
        }
        if (v.length() > limit) {
            errs.add(FieldError.invalid(path, "", "can have at most " + limit + " characters"));
        }
    }

    @Override
    public List<FieldError> validateUpdate(Event ev, Event old) {
        List<FieldError> errs = legacy(ev);
        Checks.immutable(errs, ref(ev.getRegarding()), ref(old.getRegarding()), "involvedObject");
        Checks.immutable(errs, ev.getReason(), old.getReason(), "reason");
        Checks.immutable(errs, ev.getNote(), old.getNote(), "message");
        Checks.immutable(errs, ev.getDeprecatedSource(), old.getDeprecatedSource(), "source");
        Checks.immutable(errs, ev.getDeprecatedFirstTimestamp(), old.getDeprecatedFirstTimestamp(), "firstTimestamp");
        Checks.immutable(errs, ev.getDeprecatedLastTimestamp(), old.getDeprecatedLastTimestamp(), "lastTimestamp");
        Checks.immutable(errs, ev.getDeprecatedCount(), old.getDeprecatedCount(), "count");
        Checks.immutable(errs, ev.getType(), old.getType(), "type");
        Checks.immutable(errs, ev.getEventTime(), old.getEventTime(), "eventTime");
        Checks.immutable(errs, ev.getAction(), old.getAction(), "action");
        Checks.immutable(errs, ref(ev.getRelated()), ref(old.getRelated()), "related");
        Checks.immutable(errs, ev.getReportingController(), old.getReportingController(), "reportingController");
        Checks.immutable(errs, ev.getReportingInstance(), old.getReportingInstance(), "reportingInstance");
        return errs;
    }

    private static ObjectReference ref(ObjectReference r) {
        return r == null ? new ObjectReference() : r;
    }

    private static boolean empty(MicroTime t) {
        return t == null || Checks.str(t.getTime()).isEmpty();
    }
}
