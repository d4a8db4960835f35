package io.kube4j.kubelet.server;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.pki.Pem;
import io.kube4j.apiserver.testing.TestApiServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The harness of the kubelet server's ITs through the apiserver: a {@link TestApiServer}, its
 * fabric8 client, a temporary directory and a {@link FakeRuntime}; {@link #serve} starts a real
 * {@link KubeletServer} over that runtime (trusting the cluster CA for the apiserver's client
 * certificate) and registers it as a Node. Not thread-safe; {@link #close()} stops and deletes
 * everything it made.
 */
final class KubeletBehindApi implements AutoCloseable {

    final TestApiServer api;
    final KubernetesClient client;
    final FakeRuntime runtime;
    final Path dir;
    private KubeletServer kubelet;

    private KubeletBehindApi(TestApiServer api, Path dir) throws java.io.IOException {
        this.api = api;
        this.client = api.fabric8();
        this.runtime = new FakeRuntime();
        this.dir = dir;
    }

    /** An apiserver, a client, a fake runtime, and a temporary directory named after {@code prefix}. */
    static KubeletBehindApi start(String prefix) throws Exception {
        return new KubeletBehindApi(TestApiServer.start(), Files.createTempDirectory(prefix));
    }

    /** Starts the kubelet server of Node {@code nodeName} (serving {@code pods} on /pods) and registers the Node. */
    KubeletServer serve(String nodeName, Supplier<List<Pod>> pods) throws Exception {
        X509Certificate ca = Pem.parseCertificates(new String(Base64.getDecoder().decode(
                Config.fromKubeconfig(Files.readString(api.kubeconfig())).getCaCertData()), StandardCharsets.UTF_8)).getFirst();
        kubelet = KubeletServer.start(KubeletServerConfig.defaults(nodeName, "127.0.0.1", 0, dir, ca), runtime, pods);
        node(nodeName, kubelet.port());
        return kubelet;
    }

    /** Registers Node {@code name} at localhost / 127.0.0.1 with its kubelet on {@code port}. */
    void node(String name, int port) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        client.nodes().resource(new NodeBuilder(client.nodes().withName(name).get()).withNewStatus()
                .addNewAddress().withType("Hostname").withAddress("localhost").endAddress()
                .addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(port).endKubeletEndpoint().endDaemonEndpoints()
                .endStatus().build()).updateStatus();
    }

    /**
     * Creates pod {@code name} in {@code default} bound to {@code nodeName} (null: unscheduled) with
     * busybox containers and init containers of those names, and reports it Running and Ready
     * (fabric8 waits for a Ready pod before logs and exec).
     */
    Pod runningPod(String name, String nodeName, List<String> containers, List<String> init) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(nodeName).endSpec();
        for (String c : containers) {
            b.editSpec().addNewContainer().withName(c).withImage("busybox").endContainer().endSpec();
        }
        for (String c : init) {
            b.editSpec().addNewInitContainer().withName(c).withImage("busybox").endInitContainer().endSpec();
        }
        Pod created = client.pods().inNamespace("default").resource(b.build()).create();
        return client.pods().inNamespace("default").resource(new PodBuilder(created).withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).updateStatus();
    }

    /** A loopback port nothing listens on (a kubelet that cannot be reached). */
    static int closedPort() throws java.io.IOException {
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return closed.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
        if (kubelet != null) {
            kubelet.close();
        }
        runtime.close();
        api.close();
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
