package io.kube4j.apiserver.validation;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kube4j.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A pod spec as upstream's {@code ValidatePodSpec}: volumes, containers and init containers
 * (names unique across both), restart and DNS policies, node selector, service account and node
 * names, deadlines, host and subdomain names, tolerations, pull secrets. Pods need an image in
 * every container; templates do not (a workload controller's config may fill it in later), as
 * upstream. Paths are rooted at the {@code path} given (e.g. {@code spec} or
 * {@code spec.template.spec}). Stateless, thread-safe.
 */
public final class PodSpecValidation {

    static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    private static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default",
            "None");
    private static final List<String> TOLERATION_OPERATORS = List.of("Equal", "Exists");
    private static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private PodSpecValidation() {
    }

    /** The spec of a pod: every container needs an image. */
    public static List<FieldError> validate(PodSpec spec, String path) {
        return validate(spec, path, true);
    }

    /** A pod template (workloads' {@code spec.template}): its labels and annotations, then its spec. */
    public static List<FieldError> validateTemplate(PodTemplateSpec t, String path) {
        List<FieldError> errs = new ArrayList<>();
        if (t == null) {
            errs.add(FieldError.required(path, ""));
            return errs;
        }
        errs.addAll(ObjectMetaValidation.validateTemplateMeta(t.getMetadata(), path + ".metadata"));
        errs.addAll(validate(t.getSpec() == null ? new PodSpec() : t.getSpec(), path + ".spec", false));
        return errs;
    }

    private static List<FieldError> validate(PodSpec spec, String p, boolean forPod) {
        List<FieldError> errs = new ArrayList<>();
        Set<String> volumes = VolumeValidation.validate(errs, spec.getVolumes(), p + ".volumes");
        Set<String> names = new HashSet<>();
        List<Container> containers = spec.getContainers() == null ? List.of() : spec.getContainers();
        if (containers.isEmpty()) {
            errs.add(FieldError.required(p + ".containers", ""));
        }
        List<Container> inits = spec.getInitContainers() == null ? List.of() : spec.getInitContainers();
        for (int i = 0; i < inits.size(); i++) {
            Container c = inits.get(i);
            String cp = p + ".initContainers[" + i + "]";
            ContainerValidation.validate(errs, c, cp, forPod, names, volumes);
            boolean sidecar = "Always".equals(c.getRestartPolicy());
            if (c.getRestartPolicy() != null && !sidecar) {
                errs.add(FieldError.notSupported(cp + ".restartPolicy", c.getRestartPolicy(), List.of("Always")));
            }
            if (sidecar) {
                probes(errs, c, cp);
            } else {
                String why = "may not be set for init containers without restartPolicy=Always";
                if (c.getLifecycle() != null) {
                    errs.add(FieldError.forbidden(cp + ".lifecycle", why));
                }
                if (c.getLivenessProbe() != null) {
                    errs.add(FieldError.forbidden(cp + ".livenessProbe", why));
                }
                if (c.getReadinessProbe() != null) {
                    errs.add(FieldError.forbidden(cp + ".readinessProbe", why));
                }
                if (c.getStartupProbe() != null) {
                    errs.add(FieldError.forbidden(cp + ".startupProbe", why));
                }
            }
        }
        for (int i = 0; i < containers.size(); i++) {
            String cp = p + ".containers[" + i + "]";
            ContainerValidation.validate(errs, containers.get(i), cp, forPod, names, volumes);
            probes(errs, containers.get(i), cp);
        }
        if (spec.getRestartPolicy() != null) {
            FieldChecks.oneOf(errs, p + ".restartPolicy", spec.getRestartPolicy(), RESTART_POLICIES);
        }
        if (spec.getDnsPolicy() != null) {
            FieldChecks.oneOf(errs, p + ".dnsPolicy", spec.getDnsPolicy(), DNS_POLICIES);
            if ("None".equals(spec.getDnsPolicy()) && spec.getDnsConfig() == null) {
                errs.add(FieldError.required(p + ".dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None"));
            }
        }
        FieldChecks.labels(errs, p + ".nodeSelector", spec.getNodeSelector());
        if (spec.getServiceAccountName() != null && !spec.getServiceAccountName().isEmpty()) {
            FieldChecks.each(errs, p + ".serviceAccountName", spec.getServiceAccountName(),
                    NameRules::isDns1123Subdomain);
        }
        if (spec.getNodeName() != null && !spec.getNodeName().isEmpty()) {
            FieldChecks.each(errs, p + ".nodeName", spec.getNodeName(), NameRules::isDns1123Subdomain);
        }
        if (spec.getActiveDeadlineSeconds() != null) {
            long v = spec.getActiveDeadlineSeconds();
            if (v < 1 || v > Integer.MAX_VALUE) {
                errs.add(FieldError.invalid(p + ".activeDeadlineSeconds", v,
                        NameRules.inclusiveRangeError(1, Integer.MAX_VALUE)));
            }
        }
        if (spec.getHostname() != null && !spec.getHostname().isEmpty()) {
            FieldChecks.each(errs, p + ".hostname", spec.getHostname(), NameRules::isDns1123Label);
        }
        if (spec.getSubdomain() != null && !spec.getSubdomain().isEmpty()) {
            FieldChecks.each(errs, p + ".subdomain", spec.getSubdomain(), NameRules::isDns1123Label);
        }
        tolerations(errs, spec.getTolerations(), p + ".tolerations");
        if (spec.getImagePullSecrets() != null) {
            for (int i = 0; i < spec.getImagePullSecrets().size(); i++) {
                if (ContainerValidation.str(spec.getImagePullSecrets().get(i).getName()).isEmpty()) {
                    errs.add(FieldError.required(p + ".imagePullSecrets[" + i + "].name", ""));
                }
            }
        }
        if (spec.getSecurityContext() != null) {
            var sc = spec.getSecurityContext();
            idRange(errs, p + ".securityContext.runAsUser", sc.getRunAsUser());
            idRange(errs, p + ".securityContext.runAsGroup", sc.getRunAsGroup());
            idRange(errs, p + ".securityContext.fsGroup", sc.getFsGroup());
        }
        return errs;
    }

    private static void probes(List<FieldError> errs, Container c, String cp) {
        ProbeValidation.probe(errs, c.getLivenessProbe(), cp + ".livenessProbe", true, false);
        ProbeValidation.probe(errs, c.getReadinessProbe(), cp + ".readinessProbe", false, true);
        ProbeValidation.probe(errs, c.getStartupProbe(), cp + ".startupProbe", true, false);
        if (c.getLifecycle() != null) {
            ProbeValidation.handler(errs, c.getLifecycle().getPostStart(), cp + ".lifecycle.postStart");
            ProbeValidation.handler(errs, c.getLifecycle().getPreStop(), cp + ".lifecycle.preStop");
        }
        if (c.getSecurityContext() != null) {
            idRange(errs, cp + ".securityContext.runAsUser", c.getSecurityContext().getRunAsUser());
            idRange(errs, cp + ".securityContext.runAsGroup", c.getSecurityContext().getRunAsGroup());
        }
    }

    private static void idRange(List<FieldError> errs, String p, Long id) {
        if (id != null && (id < 0 || id > Integer.MAX_VALUE)) {
            errs.add(FieldError.invalid(p, id, NameRules.inclusiveRangeError(0, Integer.MAX_VALUE)));
        }
    }

    /** Tolerations as upstream's {@code ValidateTolerations}. */
    public static void tolerations(List<FieldError> errs, List<Toleration> tolerations, String p) {
        if (tolerations == null) {
            return;
        }
        for (int i = 0; i < tolerations.size(); i++) {
            Toleration t = tolerations.get(i);
            String ip = p + "[" + i + "]";
            String key = ContainerValidation.str(t.getKey());
            String op = ContainerValidation.str(t.getOperator());
            if (!key.isEmpty()) {
                FieldChecks.each(errs, ip + ".key", key, NameRules::isQualifiedName);
            }
            if (key.isEmpty() && !op.equals("Exists")) {
                errs.add(FieldError.invalid(ip + ".operator", op,
                        "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }
            if (t.getTolerationSeconds() != null && !"NoExecute".equals(t.getEffect())) {
                errs.add(FieldError.invalid(ip + ".effect", ContainerValidation.str(t.getEffect()),
                        "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }
            switch (op) {
                case "", "Equal" -> FieldChecks.each(errs, ip + ".value", ContainerValidation.str(t.getValue()),
                        NameRules::isValidLabelValue);
                case "Exists" -> {
                    if (!ContainerValidation.str(t.getValue()).isEmpty()) {
                        errs.add(FieldError.invalid(ip + ".operator", t,
                                "value must be empty when `operator` is 'Exists'"));
                    }
                }
                default -> errs.add(FieldError.notSupported(ip + ".operator", op, TOLERATION_OPERATORS));
            }
            if (t.getEffect() != null && !t.getEffect().isEmpty() && !TAINT_EFFECTS.contains(t.getEffect())) {
                errs.add(FieldError.notSupported(ip + ".effect", t.getEffect(), TAINT_EFFECTS));
            }
        }
    }
}
