package io.kube4j.scheduler.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Terse builders for pods and nodes in scheduler tests. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A resource map from alternating name/quantity strings: {@code res("cpu", "1", "memory", "1Gi")}. */
    public static Map<String, Quantity> res(String... kv) {
        Map<String, Quantity> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], new Quantity(kv[i + 1]));
        }
        return m;
    }

    /** A container with the given requests (alternating name/quantity). */
    public static Container container(String name, String... requests) {
        return new ContainerBuilder().withName(name).withImage("busybox")
                .withNewResources().withRequests(res(requests)).endResources().build();
    }

    /** A sidecar: an init container with restartPolicy Always. */
    public static Container sidecar(String name, String... requests) {
        return new ContainerBuilder(container(name, requests)).withRestartPolicy("Always").build();
    }

    /** A pod in namespace "default" with one container requesting {@code requests}. */
    public static PodBuilder pod(String name, String... requests) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withContainers(container("c", requests)).endSpec();
    }

    /** A pod with a host port on its container. */
    public static Pod podWithHostPort(String name, String ip, String protocol, int port) {
        Pod p = pod(name).build();
        p.getSpec().getContainers().getFirst().setPorts(List.of(new ContainerPortBuilder()
                .withContainerPort(port).withHostPort(port).withHostIP(ip).withProtocol(protocol).build()));
        return p;
    }

    /** A node with the given allocatable (alternating name/quantity; pods defaults to 110). */
    public static NodeBuilder node(String name, String... allocatable) {
        Map<String, Quantity> alloc = res(allocatable);
        alloc.putIfAbsent("pods", new Quantity("110"));
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withAllocatable(alloc).withCapacity(alloc).endStatus();
    }

    public static Node withLabels(Node n, String... kv) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            labels.put(kv[i], kv[i + 1]);
        }
        n.getMetadata().setLabels(labels);
        return n;
    }

    public static Node withTaints(Node n, Taint... taints) {
        n.getSpec().setTaints(new ArrayList<>(List.of(taints)));
        return n;
    }

    public static Node withImages(Node n, ContainerImage... images) {
        n.getStatus().setImages(List.of(images));
        return n;
    }

    public static Taint taint(String key, String value, String effect) {
        return new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build();
    }

    public static Toleration toleration(String key, String operator, String value, String effect) {
        return new TolerationBuilder().withKey(key).withOperator(operator).withValue(value).withEffect(effect).build();
    }

    /** A pod bound to {@code node}. */
    public static Pod on(Pod p, String node) {
        p.getSpec().setNodeName(node);
        return p;
    }
}
