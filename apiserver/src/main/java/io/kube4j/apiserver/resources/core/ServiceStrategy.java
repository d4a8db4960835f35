package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.validation.Copies;
import io.kube4j.apiserver.validation.FieldChecks;
import io.kube4j.apiserver.validation.IpAddresses;
import io.kube4j.apiserver.validation.NameRule;
import io.kube4j.apiserver.validation.NameRules;
import io.kube4j.apiserver.validation.StatusUpdates;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Services, as upstream's service strategy, defaults and {@code ValidateService}: DNS-1035 label
 * names; type ClusterIP, sessionAffinity None, TCP ports, targetPort = port, single-stack IPv4 and
 * Cluster traffic policies by default; ports named when more than one, unique names and
 * port/protocol pairs; an ExternalName service has an externalName and no cluster IP; a given
 * clusterIP must be an IP (or None) and may not change (an update that omits it keeps the stored
 * one, as upstream's REST layer does). Allocation of cluster IPs and node ports is the core's job.
 * Stateless, thread-safe.
 */
public final class ServiceStrategy implements ResourceStrategy<Service> {

    private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    private static final List<String> AFFINITIES = List.of("ClientIP", "None");
    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    private static final List<String> TRAFFIC_POLICIES = List.of("Cluster", "Local");
    private static final List<String> FAMILY_POLICIES = List.of("SingleStack", "PreferDualStack", "RequireDualStack");
    private static final List<String> FAMILIES = List.of("IPv4", "IPv6");

    @Override
    public NameRule nameRule() {
        return NameRule.DNS1035_LABEL;
    }

    @Override
    public void prepareForCreate(Service svc) {
        svc.setStatus(new ServiceStatus(null, new LoadBalancerStatus()));
    }

    @Override
    public void prepareForUpdate(Service svc, Service old) {
        svc.setStatus(Copies.deep(old.getStatus()));
        ServiceSpec spec = svc.getSpec();
        ServiceSpec was = old.getSpec();
        if (spec == null || was == null) {
            return;
        }
        String type = blank(spec.getType()) ? "ClusterIP" : spec.getType();
        if (!type.equals("ExternalName") && blank(spec.getClusterIP()) && !blank(was.getClusterIP())) {
            spec.setClusterIP(was.getClusterIP());
            spec.setClusterIPs(was.getClusterIPs() == null ? null : new ArrayList<>(was.getClusterIPs()));
        }
        if (needsNodePorts(type)) {
            // node ports the client left out stay allocated, matched by port number and protocol
            for (ServicePort port : list(spec.getPorts())) {
                if (port.getNodePort() == null || port.getNodePort() == 0) {
                    for (ServicePort p : list(was.getPorts())) {
                        if (Objects.equals(p.getPort(), port.getPort()) && Objects.equals(p.getProtocol(), port.getProtocol())) {
                            port.setNodePort(p.getNodePort());
                        }
                    }
                }
            }
            if (spec.getHealthCheckNodePort() == null) {
                spec.setHealthCheckNodePort(was.getHealthCheckNodePort());
            }
        }
        dropTypeDependentFields(type, spec, was);
    }

    private static boolean needsNodePorts(String type) {
        return type.equals("NodePort") || type.equals("LoadBalancer");
    }

    /**
     * As upstream: a client that changes the type and leaves the fields of the old type as they
     * were (they only came back in its read-modify-write) gets them dropped, instead of a 422 for
     * fields the new type forbids. Fields the client did change are kept, and validated.
     */
    private static void dropTypeDependentFields(String type, ServiceSpec spec, ServiceSpec was) {
        String oldType = blank(was.getType()) ? "ClusterIP" : was.getType();
        if (type.equals(oldType)) {
            return;
        }
        if (type.equals("ExternalName") && Objects.equals(spec.getClusterIP(), was.getClusterIP())
                && Objects.equals(spec.getClusterIPs(), was.getClusterIPs())) {
            spec.setClusterIP(null);
            spec.setClusterIPs(null);
            spec.setIpFamilies(null);
            spec.setIpFamilyPolicy(null);
            spec.setInternalTrafficPolicy(null);
        }
        if (!needsNodePorts(type) && sameNodePorts(spec, was)) {
            list(spec.getPorts()).forEach(p -> p.setNodePort(null));
        }
        if (!needsNodePorts(type) && Objects.equals(spec.getExternalTrafficPolicy(), was.getExternalTrafficPolicy())) {
            spec.setExternalTrafficPolicy(null);
        }
        if (!type.equals("LoadBalancer")) {
            if (Objects.equals(spec.getHealthCheckNodePort(), was.getHealthCheckNodePort())) {
                spec.setHealthCheckNodePort(null);
            }
            if (Objects.equals(spec.getAllocateLoadBalancerNodePorts(), was.getAllocateLoadBalancerNodePorts())) {
                spec.setAllocateLoadBalancerNodePorts(null);
            }
            if (Objects.equals(spec.getLoadBalancerClass(), was.getLoadBalancerClass())) {
                spec.setLoadBalancerClass(null);
            }
        }
    }

    /** Whether every port's node port is what the same port (by number and protocol) had, or unset. */
    private static boolean sameNodePorts(ServiceSpec spec, ServiceSpec was) {
        for (ServicePort port : list(spec.getPorts())) {
            Integer np = port.getNodePort();
            if (np == null || np == 0) {
                continue;
            }
            boolean found = false;
            for (ServicePort p : list(was.getPorts())) {
                if (Objects.equals(p.getPort(), port.getPort()) && Objects.equals(np, p.getNodePort())) {
                    found = true;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void applyDefaults(Service svc) {
        if (svc.getSpec() == null) {
            svc.setSpec(new ServiceSpec());
        }
        ServiceSpec s = svc.getSpec();
        if (blank(s.getSessionAffinity())) {
            s.setSessionAffinity("None");
        }
        if (blank(s.getType())) {
            s.setType("ClusterIP");
        }
        for (ServicePort port : list(s.getPorts())) {
            if (blank(port.getProtocol())) {
                port.setProtocol("TCP");
            }
            IntOrString target = port.getTargetPort();
            if (target == null || (target.getStrVal() == null && (target.getIntVal() == null || target.getIntVal() == 0))
                    || "".equals(target.getStrVal())) {
                port.setTargetPort(new IntOrString(port.getPort()));
            }
        }
        boolean external = s.getType().equals("NodePort") || s.getType().equals("LoadBalancer");
        if (external && blank(s.getExternalTrafficPolicy())) {
            s.setExternalTrafficPolicy("Cluster");
        }
        if (s.getType().equals("LoadBalancer") && s.getAllocateLoadBalancerNodePorts() == null) {
            s.setAllocateLoadBalancerNodePorts(true);
        }
        if (!s.getType().equals("ExternalName")) {
            if (blank(s.getInternalTrafficPolicy())) {
                s.setInternalTrafficPolicy("Cluster");
            }
            if (blank(s.getIpFamilyPolicy())) {
                s.setIpFamilyPolicy("SingleStack");
            }
            if (s.getIpFamilies() == null || s.getIpFamilies().isEmpty()) {
                s.setIpFamilies(new ArrayList<>(List.of("IPv4")));
            }
            if (!blank(s.getClusterIP()) && (s.getClusterIPs() == null || s.getClusterIPs().isEmpty())) {
                s.setClusterIPs(new ArrayList<>(List.of(s.getClusterIP())));
            }
        }
        if ("ClientIP".equals(s.getSessionAffinity()) && s.getSessionAffinityConfig() == null) {
            var cfg = new io.fabric8.kubernetes.api.model.SessionAffinityConfig(
                    new io.fabric8.kubernetes.api.model.ClientIPConfig(10800));
            s.setSessionAffinityConfig(cfg);
        }
    }

    @Override
    public List<FieldError> validate(Service svc) {
        List<FieldError> errs = new ArrayList<>();
        ServiceSpec s = svc.getSpec() == null ? new ServiceSpec() : svc.getSpec();
        String type = s.getType() == null ? "" : s.getType();
        FieldChecks.oneOf(errs, "spec.type", type, TYPES);
        boolean externalName = type.equals("ExternalName");
        List<ServicePort> ports = list(s.getPorts());
        if (externalName) {
            if (!list(s.getClusterIPs()).isEmpty() || !blank(s.getClusterIP())) {
                errs.add(FieldError.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
            }
            String name = s.getExternalName() == null ? "" : s.getExternalName();
            String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
            FieldChecks.requiredThen(errs, "spec.externalName", trimmed, NameRules::isDns1123Subdomain);
        } else if (ports.isEmpty() && !"None".equals(s.getClusterIP())) {
            errs.add(FieldError.required("spec.ports", ""));
        }
        Set<String> names = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            port(errs, ports.get(i), "spec.ports[" + i + "]", ports.size() > 1, names, keys, type);
        }
        clusterIps(errs, s);
        if (s.getSessionAffinity() != null) {
            FieldChecks.oneOf(errs, "spec.sessionAffinity", s.getSessionAffinity(), AFFINITIES);
        }
        if ("ClientIP".equals(s.getSessionAffinity()) && s.getSessionAffinityConfig() != null
                && s.getSessionAffinityConfig().getClientIP() != null) {
            Integer t = s.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
            if (t != null && (t <= 0 || t > 86400)) {
                errs.add(FieldError.invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", t,
                        "must be greater than 0 and less than 86400"));
            }
        }
        FieldChecks.labels(errs, "spec.selector", s.getSelector());
        if (s.getExternalTrafficPolicy() != null && !s.getExternalTrafficPolicy().isEmpty()) {
            if (!type.equals("NodePort") && !type.equals("LoadBalancer")) {
                errs.add(FieldError.invalid("spec.externalTrafficPolicy", s.getExternalTrafficPolicy(),
                        "may only be set when `type` is 'NodePort' or 'LoadBalancer'"));
            } else {
                FieldChecks.oneOf(errs, "spec.externalTrafficPolicy", s.getExternalTrafficPolicy(), TRAFFIC_POLICIES);
            }
        }
        if (!externalName) {
            FieldChecks.oneOf(errs, "spec.internalTrafficPolicy", s.getInternalTrafficPolicy(), TRAFFIC_POLICIES);
        }
        if (s.getIpFamilyPolicy() != null) {
            FieldChecks.oneOf(errs, "spec.ipFamilyPolicy", s.getIpFamilyPolicy(), FAMILY_POLICIES);
        }
        List<String> families = list(s.getIpFamilies());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < families.size(); i++) {
            String f = families.get(i);
            if (!FAMILIES.contains(f)) {
                errs.add(FieldError.notSupported("spec.ipFamilies[" + i + "]", f, FAMILIES));
            } else if (!seen.add(f)) {
                errs.add(FieldError.duplicate("spec.ipFamilies[" + i + "]", f));
            }
        }
        return errs;
    }

    private static void port(List<FieldError> errs, ServicePort port, String p, boolean nameRequired,
            Set<String> names, Set<String> keys, String type) {
        String name = port.getName() == null ? "" : port.getName();
        if (nameRequired && name.isEmpty()) {
            errs.add(FieldError.required(p + ".name", ""));
        } else if (!name.isEmpty()) {
            FieldChecks.each(errs, p + ".name", name, NameRules::isDns1123Label);
            if (!names.add(name)) {
                errs.add(FieldError.duplicate(p + ".name", name));
            }
        }
        int n = port.getPort() == null ? 0 : port.getPort();
        for (String msg : NameRules.isValidPortNum(n)) {
            errs.add(FieldError.invalid(p + ".port", n, msg));
        }
        FieldChecks.oneOf(errs, p + ".protocol", port.getProtocol(), PROTOCOLS);
        IntOrString target = port.getTargetPort();
        if (target != null && target.getStrVal() != null) {
            FieldChecks.each(errs, p + ".targetPort", target.getStrVal(), NameRules::isValidPortName);
        } else if (target != null) {
            int t = target.getIntVal() == null ? 0 : target.getIntVal();
            for (String msg : NameRules.isValidPortNum(t)) {
                errs.add(FieldError.invalid(p + ".targetPort", t, msg));
            }
        }
        if (port.getNodePort() != null && port.getNodePort() != 0) {
            if (!type.equals("NodePort") && !type.equals("LoadBalancer")) {
                errs.add(FieldError.forbidden(p + ".nodePort", "may not be used when `type` is '" + type + "'"));
            } else {
                for (String msg : NameRules.isValidPortNum(port.getNodePort())) {
                    errs.add(FieldError.invalid(p + ".nodePort", port.getNodePort(), msg));
                }
            }
        }
        String key = port.getProtocol() + "/" + n;
        if (!keys.add(key)) {
            errs.add(FieldError.duplicate(p, key));
        }
    }

    private static void clusterIps(List<FieldError> errs, ServiceSpec s) {
        List<String> ips = list(s.getClusterIPs());
        if (!blank(s.getClusterIP()) && !ips.isEmpty() && !s.getClusterIP().equals(ips.get(0))) {
            errs.add(FieldError.invalid("spec.clusterIPs", String.join(",", ips),
                    "must be empty or the first value must match spec.clusterIP"));
        }
        List<String> all = ips.isEmpty() && !blank(s.getClusterIP()) ? List.of(s.getClusterIP()) : ips;
        for (int i = 0; i < all.size(); i++) {
            String ip = all.get(i);
            if (ip.equals("None")) {
                if (i > 0 || all.size() > 1) {
                    errs.add(FieldError.invalid("spec.clusterIPs", String.join(",", all),
                            "'None' must be the first and only value"));
                }
                if ("NodePort".equals(s.getType()) || "LoadBalancer".equals(s.getType())) {
                    errs.add(FieldError.invalid("spec.clusterIPs[0]", ip,
                            "may not be set to 'None' for " + s.getType() + " services"));
                }
            } else if (IpAddresses.parse(ip) == null) {
                errs.add(FieldError.invalid("spec.clusterIPs[" + i + "]", ip, IpAddresses.INVALID_IP));
            }
        }
    }

    @Override
    public List<FieldError> validateUpdate(Service svc, Service old) {
        List<FieldError> errs = new ArrayList<>();
        ServiceSpec s = svc.getSpec() == null ? new ServiceSpec() : svc.getSpec();
        ServiceSpec was = old.getSpec() == null ? new ServiceSpec() : old.getSpec();
        if (!"ExternalName".equals(s.getType()) && !"ExternalName".equals(was.getType())
                && !blank(was.getClusterIP())) {
            FieldChecks.immutable(errs, "spec.clusterIP", s.getClusterIP() == null ? "" : s.getClusterIP(),
                    was.getClusterIP());
        }
        errs.addAll(validate(svc));
        return errs;
    }

    @Override
    public void prepareForStatusUpdate(Service svc, Service old) {
        svc.setSpec(Copies.deep(old.getSpec()));
        StatusUpdates.resetMetadata(svc, old);
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
