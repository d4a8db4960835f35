package io.kube4j.apiserver.client;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One namespaced kind for the table-driven CRUD test: how to build a valid sample, how to change a
 * mutable spec field for an update, and how to read that field back.
 *
 * @param kind    the kind's name, for the test's display name
 * @param type    the fabric8 model class
 * @param sample  (namespace, name, labels) to a valid object
 * @param change  mutates the object in place (the value the update must persist)
 * @param changed reads the mutated field back, to compare with what {@code change} set
 */
record KindCase<T extends HasMetadata>(String kind, Class<T> type, Sample<T> sample, java.util.function.Consumer<T> change,
        Function<T, Object> changed) {

    @FunctionalInterface
    interface Sample<T> {
        T build(String namespace, String name, Map<String, String> labels);
    }

    @Override
    public String toString() {
        return kind;
    }

    static List<KindCase<?>> all() {
        return List.of(
                new KindCase<>("ConfigMap", ConfigMap.class,
                        (ns, n, l) -> new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName(n).withLabels(l)
                                .endMetadata().addToData("k", "v").build(),
                        c -> c.getData().put("k", "v2"), c -> c.getData().get("k")),
                new KindCase<>("Secret", Secret.class,
                        (ns, n, l) -> new SecretBuilder().withNewMetadata().withNamespace(ns).withName(n).withLabels(l)
                                .endMetadata().addToStringData("password", "s3cret").build(),
                        s -> s.getData().put("password", "bmV3"), s -> s.getData().get("password")),
                new KindCase<>("Pod", Pod.class,
                        (ns, n, l) -> new PodBuilder().withNewMetadata().withNamespace(ns).withName(n).withLabels(l)
                                .endMetadata().withSpec(podSpec("Always")).build(),
                        p -> p.getSpec().getContainers().get(0).setImage("busybox:2"),
                        p -> p.getSpec().getContainers().get(0).getImage()),
                new KindCase<>("Service", Service.class,
                        (ns, n, l) -> new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(n).withLabels(l)
                                .endMetadata().withNewSpec().addToSelector("app", n).addNewPort().withPort(80)
                                .withTargetPort(new IntOrString(8080)).endPort().endSpec().build(),
                        s -> s.getSpec().getSelector().put("app", "other"), s -> s.getSpec().getSelector().get("app")),
                new KindCase<>("Deployment", Deployment.class,
                        (ns, n, l) -> new DeploymentBuilder().withNewMetadata().withNamespace(ns).withName(n).withLabels(l)
                                .endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", n)
                                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", n).endMetadata()
                                .withSpec(podSpec("Always")).endTemplate().endSpec().build(),
                        d -> d.getSpec().setReplicas(2), d -> d.getSpec().getReplicas()),
                new KindCase<>("Job", Job.class,
                        (ns, n, l) -> new JobBuilder().withNewMetadata().withNamespace(ns).withName(n).withLabels(l)
                                .endMetadata().withNewSpec().withNewTemplate().withSpec(podSpec("Never")).endTemplate()
                                .endSpec().build(),
                        j -> j.getSpec().setActiveDeadlineSeconds(60L), j -> j.getSpec().getActiveDeadlineSeconds()),
                new KindCase<>("Lease", Lease.class,
                        (ns, n, l) -> new LeaseBuilder().withNewMetadata().withNamespace(ns).withName(n).withLabels(l)
                                .endMetadata().withNewSpec().withHolderIdentity("a").withLeaseDurationSeconds(15).endSpec()
                                .build(),
                        l -> l.getSpec().setHolderIdentity("b"), l -> l.getSpec().getHolderIdentity()));
    }

    static PodSpec podSpec(String restartPolicy) {
        return new PodSpecBuilder().withRestartPolicy(restartPolicy).addNewContainer().withName("main")
                .withImage("busybox:1").endContainer().build();
    }
}
