package io.kube4j.apiserver.resources.apps;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleStatus;
import io.kube4j.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code scale} subresource (autoscaling/v1 Scale) of Deployment, ReplicaSet, StatefulSet and
 * ReplicationController, as upstream's scale REST storage: the Scale carries the object's name,
 * namespace, uid, resourceVersion and creationTimestamp, {@code spec.replicas}, the observed
 * {@code status.replicas} and {@code status.selector} as the selector's canonical string.
 * Stateless; thread-safe.
 */
public final class ScaleSupport {

    private ScaleSupport() {
    }

    /** Whether {@code obj} is one of the kinds with a scale subresource. */
    public static boolean supports(HasMetadata obj) {
        return obj instanceof Deployment || obj instanceof ReplicaSet || obj instanceof StatefulSet
                || obj instanceof ReplicationController;
    }

    /**
     * The Scale view of {@code obj}.
     *
     * @throws IllegalArgumentException when the kind has no scale subresource
     */
    public static Scale toScale(HasMetadata obj) {
        int replicas;
        int observed;
        String selector;
        switch (obj) {
            case Deployment d -> {
                DeploymentSpec s = d.getSpec() == null ? new DeploymentSpec() : d.getSpec();
                replicas = Checks.intOr(s.getReplicas(), 0);
                observed = d.getStatus() == null ? 0 : Checks.intOr(d.getStatus().getReplicas(), 0);
                selector = selector(s.getSelector());
            }
            case ReplicaSet rs -> {
                ReplicaSetSpec s = rs.getSpec() == null ? new ReplicaSetSpec() : rs.getSpec();
                replicas = Checks.intOr(s.getReplicas(), 0);
                observed = rs.getStatus() == null ? 0 : Checks.intOr(rs.getStatus().getReplicas(), 0);
                selector = selector(s.getSelector());
            }
            case StatefulSet ss -> {
                StatefulSetSpec s = ss.getSpec() == null ? new StatefulSetSpec() : ss.getSpec();
                replicas = Checks.intOr(s.getReplicas(), 0);
                observed = ss.getStatus() == null ? 0 : Checks.intOr(ss.getStatus().getReplicas(), 0);
                selector = selector(s.getSelector());
            }
            case ReplicationController rc -> {
                ReplicationControllerSpec s = rc.getSpec() == null ? new ReplicationControllerSpec() : rc.getSpec();
                replicas = Checks.intOr(s.getReplicas(), 0);
                observed = rc.getStatus() == null ? 0 : Checks.intOr(rc.getStatus().getReplicas(), 0);
                selector = Selectors.format(s.getSelector());
            }
            default -> throw new IllegalArgumentException("no scale subresource for " + obj.getKind());
        }
        Scale scale = new Scale();
        scale.setApiVersion("autoscaling/v1");
        scale.setKind("Scale");
        scale.setMetadata(meta(obj.getMetadata()));
        ScaleSpec spec = new ScaleSpec();
        spec.setReplicas(replicas);
        scale.setSpec(spec);
        ScaleStatus status = new ScaleStatus();
        status.setReplicas(observed);
        status.setSelector(selector.isEmpty() ? null : selector);
        scale.setStatus(status);
        return scale;
    }

    /**
     * Writes {@code scale.spec.replicas} into {@code obj}'s {@code spec.replicas}; nothing else
     * changes.
     *
     * @throws IllegalArgumentException when the kind has no scale subresource
     */
    public static void applyScale(HasMetadata obj, Scale scale) {
        Integer replicas = scale.getSpec() == null ? null : scale.getSpec().getReplicas();
        int n = replicas == null ? 0 : replicas;
        switch (obj) {
            case Deployment d -> {
                if (d.getSpec() == null) {
                    d.setSpec(new DeploymentSpec());
                }
                d.getSpec().setReplicas(n);
            }
            case ReplicaSet rs -> {
                if (rs.getSpec() == null) {
                    rs.setSpec(new ReplicaSetSpec());
                }
                rs.getSpec().setReplicas(n);
            }
            case StatefulSet ss -> {
                if (ss.getSpec() == null) {
                    ss.setSpec(new StatefulSetSpec());
                }
                ss.getSpec().setReplicas(n);
            }
            case ReplicationController rc -> {
                if (rc.getSpec() == null) {
                    rc.setSpec(new ReplicationControllerSpec());
                }
                rc.getSpec().setReplicas(n);
            }
            default -> throw new IllegalArgumentException("no scale subresource for " + obj.getKind());
        }
    }

    /** Upstream's {@code ValidateScale}: {@code spec.replicas} non-negative. */
    public static List<FieldError> validate(Scale scale) {
        List<FieldError> errs = new ArrayList<>();
        Checks.nonNegative(errs, scale.getSpec() == null ? null : scale.getSpec().getReplicas(), "spec.replicas");
        return errs;
    }

    private static String selector(LabelSelector s) {
        return Selectors.convertible(s) ? Selectors.format(s) : "";
    }

    private static ObjectMeta meta(ObjectMeta m) {
        ObjectMeta out = new ObjectMeta();
        if (m != null) {
            out.setName(m.getName());
            out.setNamespace(m.getNamespace());
            out.setUid(m.getUid());
            out.setResourceVersion(m.getResourceVersion());
            out.setCreationTimestamp(m.getCreationTimestamp());
        }
        return out;
    }
}
