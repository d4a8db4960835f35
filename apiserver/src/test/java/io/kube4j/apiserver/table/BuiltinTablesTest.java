package io.kube4j.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.kube4j.apiserver.registry.BuiltinResources;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltinTablesTest {

    static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    static final String CREATED = "2025-01-01T11:55:00Z"; // 5m before NOW

    /** A kind, its columns as name:type:priority, an object and the cells upstream prints for it. */
    record Case(String group, String kind, List<String> columns, HasMetadata object, List<Object> cells) {
        @Override
        public String toString() {
            return group + "/" + kind;
        }
    }

    static <T extends HasMetadata> T created(T o) {
        o.getMetadata().setCreationTimestamp(CREATED);
        return o;
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("", "Pod", List.of("Name:string:0", "Ready:string:0", "Status:string:0", "Restarts:string:0",
                        "Age:string:0", "IP:string:1", "Node:string:1", "Nominated Node:string:1",
                        "Readiness Gates:string:1"),
                        created(new PodBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec()
                                .addNewContainer().withName("c").endContainer().withNodeName("n1")
                                .addNewReadinessGate().withConditionType("x/ok").endReadinessGate().endSpec()
                                .withNewStatus().withPhase("Running").withPodIP("10.1.0.5")
                                .addNewCondition().withType("x/ok").withStatus("True").endCondition()
                                .addNewContainerStatus().withName("c").withReady(true).withRestartCount(0)
                                .withNewState().withNewRunning().endRunning().endState().endContainerStatus()
                                .endStatus().build()),
                        List.of("web", "1/1", "Running", "0", "5m", "10.1.0.5", "n1", "<none>", "1/1")),
                new Case("apps", "Deployment", List.of("Name:string:0", "Ready:string:0", "Up-to-date:string:0",
                        "Available:string:0", "Age:string:0", "Containers:string:1", "Images:string:1",
                        "Selector:string:1"),
                        created(new DeploymentBuilder().withNewMetadata().withName("d").endMetadata().withNewSpec()
                                .withReplicas(3).withNewSelector().addToMatchLabels("app", "web").addNewMatchExpression()
                                .withKey("tier").withOperator("In").withValues("b", "a").endMatchExpression()
                                .endSelector().withNewTemplate().withNewSpec().addNewContainer().withName("c1")
                                .withImage("i1").endContainer().addNewContainer().withName("c2").withImage("i2")
                                .endContainer().endSpec().endTemplate().endSpec().withNewStatus().withReadyReplicas(2)
                                .withUpdatedReplicas(3).withAvailableReplicas(2).endStatus().build()),
                        List.of("d", "2/3", 3L, 2L, "5m", "c1,c2", "i1,i2", "app=web,tier in (a,b)")),
                new Case("", "Service", List.of("Name:string:0", "Type:string:0", "Cluster-IP:string:0",
                        "External-IP:string:0", "Port(s):string:0", "Age:string:0", "Selector:string:1"),
                        created(new ServiceBuilder().withNewMetadata().withName("s").endMetadata().withNewSpec()
                                .withType("LoadBalancer").withClusterIP("10.96.0.10").addNewPort().withPort(80)
                                .withNodePort(30080).withProtocol("TCP").endPort().addNewPort().withPort(53)
                                .withProtocol("UDP").endPort().withSelector(Map.of("b", "2", "a", "1")).endSpec()
                                .build()),
                        List.of("s", "LoadBalancer", "10.96.0.10", "<pending>", "80:30080/TCP,53/UDP", "5m", "a=1,b=2")),
                new Case("", "Node", List.of("Name:string:0", "Status:string:0", "Roles:string:0", "Age:string:0",
                        "Version:string:0", "Internal-IP:string:1", "External-IP:string:1", "OS-Image:string:1",
                        "Kernel-Version:string:1", "Container-Runtime:string:1"),
                        created(new NodeBuilder().withNewMetadata().withName("n1")
                                .withLabels(Map.of("node-role.kubernetes.io/control-plane", "", "kubernetes.io/role",
                                        "worker")).endMetadata().withNewSpec().withUnschedulable(true).endSpec()
                                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
                                .addNewAddress().withType("InternalIP").withAddress("192.168.0.2").endAddress()
                                .withNewNodeInfo().withKubeletVersion("v1.33.0").withOsImage("Debian")
                                .endNodeInfo().endStatus().build()),
                        List.of("n1", "Ready,SchedulingDisabled", "control-plane,worker", "5m", "v1.33.0",
                                "192.168.0.2", "<none>", "Debian", "<unknown>", "<unknown>")),
                new Case("", "Event", List.of("Last Seen:string:0", "Type:string:0", "Reason:string:0",
                        "Object:string:0", "Subobject:string:1", "Source:string:1", "Message:string:0",
                        "First Seen:string:1", "Count:string:1", "Name:string:1"),
                        created(new EventBuilder().withNewMetadata().withName("e1").endMetadata().withType("Warning")
                                .withReason("BackOff").withNewInvolvedObject().withKind("Pod").withName("web")
                                .withFieldPath("spec.containers{c}").endInvolvedObject().withNewSource()
                                .withComponent("kubelet").withHost("n1").endSource().withMessage(" Back-off \n")
                                .withFirstTimestamp("2025-01-01T10:00:00Z").withLastTimestamp("2025-01-01T11:59:00Z")
                                .withCount(7).build()),
                        List.of("60s", "Warning", "BackOff", "pod/web", "spec.containers{c}", "kubelet, n1",
                                "Back-off", "120m", 7L, "e1")),
                new Case("batch", "Job", List.of("Name:string:0", "Status:string:0", "Completions:string:0",
                        "Duration:string:0", "Age:string:0", "Containers:string:1", "Images:string:1",
                        "Selector:string:1"),
                        created(new JobBuilder().withNewMetadata().withName("j").endMetadata().withNewSpec()
                                .withParallelism(4).endSpec().withNewStatus().withSucceeded(0)
                                .withStartTime("2025-01-01T11:58:00Z").endStatus().build()),
                        List.of("j", "Running", "0/1 of 4", "2m", "5m", "", "", "<none>")),
                new Case("batch", "CronJob", List.of("Name:string:0", "Schedule:string:0", "Timezone:string:0",
                        "Suspend:boolean:0", "Active:integer:0", "Last Schedule:string:0", "Age:string:0",
                        "Containers:string:1", "Images:string:1", "Selector:string:1"),
                        created(new CronJobBuilder().withNewMetadata().withName("cj").endMetadata().withNewSpec()
                                .withSchedule("*/5 * * * *").withSuspend(false).endSpec().build()),
                        List.of("cj", "*/5 * * * *", "<none>", "False", 0L, "<none>", "5m", "", "", "<none>")),
                new Case("", "Namespace", List.of("Name:string:0", "Status:string:0", "Age:string:0"),
                        created(new NamespaceBuilder().withNewMetadata().withName("ns").endMetadata().withNewStatus()
                                .withPhase("Active").endStatus().build()),
                        List.of("ns", "Active", "5m")),
                new Case("", "ConfigMap", List.of("Name:string:0", "Data:string:0", "Age:string:0"),
                        created(new ConfigMapBuilder().withNewMetadata().withName("cm").endMetadata()
                                .addToData("a", "1").addToBinaryData("b", "AA==").build()),
                        List.of("cm", 2L, "5m")),
                new Case("", "Secret", List.of("Name:string:0", "Type:string:0", "Data:string:0", "Age:string:0"),
                        created(new SecretBuilder().withNewMetadata().withName("s").endMetadata().withType("Opaque")
                                .addToData("k", "dg==").build()),
                        List.of("s", "Opaque", 1L, "5m")),
                new Case("", "Endpoints", List.of("Name:string:0", "Endpoints:string:0", "Age:string:0"),
                        created(new EndpointsBuilder().withNewMetadata().withName("ep").endMetadata().addNewSubset()
                                .addNewAddress().withIp("10.0.0.1").endAddress().addNewAddress().withIp("fd00::1")
                                .endAddress().addNewPort().withPort(80).endPort().addNewPort().withPort(443).endPort()
                                .endSubset().build()),
                        List.of("ep", "10.0.0.1:80,[fd00::1]:80,10.0.0.1:443 + 1 more...", "5m")),
                new Case("discovery.k8s.io", "EndpointSlice", List.of("Name:string:0", "AddressType:string:0",
                        "Ports:string:0", "Endpoints:string:0", "Age:string:0"),
                        created(new EndpointSliceBuilder().withNewMetadata().withName("es").endMetadata()
                                .withAddressType("IPv4").addNewPort().withName("http").endPort().build()),
                        List.of("es", "IPv4", "http", "<unset>", "5m")),
                new Case("apps", "StatefulSet", List.of("Name:string:0", "Ready:string:0", "Age:string:0",
                        "Containers:string:1", "Images:string:1"),
                        created(new StatefulSetBuilder().withNewMetadata().withName("db").endMetadata().withNewSpec()
                                .withReplicas(2).endSpec().withNewStatus().withReadyReplicas(1).endStatus().build()),
                        List.of("db", "1/2", "5m", "", "")),
                new Case("policy", "PodDisruptionBudget", List.of("Name:string:0", "Min Available:string:0",
                        "Max Unavailable:string:0", "Allowed Disruptions:integer:0", "Age:string:0"),
                        created(new PodDisruptionBudgetBuilder().withNewMetadata().withName("pdb").endMetadata()
                                .withNewSpec().withMinAvailable(new IntOrString("50%")).endSpec().withNewStatus()
                                .withDisruptionsAllowed(1).endStatus().build()),
                        List.of("pdb", "50%", "N/A", 1L, "5m")),
                new Case("storage.k8s.io", "StorageClass", List.of("Name:string:0", "Provisioner:string:0",
                        "ReclaimPolicy:string:0", "VolumeBindingMode:string:0", "AllowVolumeExpansion:string:0",
                        "Age:string:0"),
                        created(new StorageClassBuilder().withNewMetadata().withName("std")
                                .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true").endMetadata()
                                .withProvisioner("local").build()),
                        List.of("std (default)", "local", "Delete", "Immediate", false, "5m")),
                new Case("", "PersistentVolumeClaim", List.of("Name:string:0", "Status:string:0", "Volume:string:0",
                        "Capacity:string:0", "Access Modes:string:0", "StorageClass:string:0",
                        "VolumeAttributesClass:string:0", "Age:string:0", "VolumeMode:string:1"),
                        created(new PersistentVolumeClaimBuilder().withNewMetadata().withName("c").endMetadata()
                                .withNewSpec().withVolumeName("pv1").withStorageClassName("std")
                                .withVolumeMode("Filesystem").endSpec().withNewStatus().withPhase("Bound")
                                .withAccessModes("ReadWriteMany", "ReadWriteOnce")
                                .addToCapacity("storage", new Quantity("1Gi")).endStatus().build()),
                        List.of("c", "Bound", "pv1", "1Gi", "RWO,RWX", "std", "<unset>", "5m", "Filesystem")),
                new Case("", "ResourceQuota", List.of("Name:string:0", "Request:string:0", "Limit:string:0",
                        "Age:string:0"),
                        created(new ResourceQuotaBuilder().withNewMetadata().withName("q").endMetadata()
                                .withNewStatus().addToHard("pods", new Quantity("10"))
                                .addToHard("limits.cpu", new Quantity("2")).addToHard("cpu", new Quantity("1"))
                                .addToUsed("pods", new Quantity("3")).endStatus().build()),
                        List.of("q", "cpu: 0/1, pods: 3/10", "limits.cpu: 0/2", "5m")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void columnsAndCellsAsUpstream(Case c) {
        TableConvertor<HasMetadata> table = (TableConvertor<HasMetadata>) BuiltinTables.forKind(c.group(), c.kind());
        assertThat(table).isNotNull();
        assertThat(table.columns()).extracting(col -> col.name() + ":" + col.type() + ":" + col.priority())
                .containsExactlyElementsOf(c.columns());
        assertThat(table.cells(c.object(), NOW)).containsExactlyElementsOf(c.cells());
    }

    /** Every served kind but the ones upstream prints by default has a table whose rows fit it. */
    @Test
    @SuppressWarnings("unchecked")
    void everyBuiltinKindHasATableWhoseCellsFitItsColumns() throws Exception {
        for (ResourceType rt : BuiltinResources.all()) {
            TableConvertor<HasMetadata> table = (TableConvertor<HasMetadata>) BuiltinTables.forKind(rt.group(), rt.kind());
            if (rt.kind().equals("LimitRange")) {
                assertThat(table).as("LimitRange uses the default table upstream").isNull();
                continue;
            }
            assertThat(table).as(rt.qualifiedName()).isNotNull();
            HasMetadata empty = rt.javaType().getDeclaredConstructor().newInstance();
            assertThat(table.cells(empty, NOW)).as(rt.qualifiedName()).hasSameSizeAs(table.columns());
            assertThat(table.columns()).as(rt.qualifiedName())
                    .filteredOn(col -> "name".equals(col.format())).hasSize(1);
        }
    }
}
