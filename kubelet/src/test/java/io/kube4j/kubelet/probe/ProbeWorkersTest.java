package io.kube4j.kubelet.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.kube4j.kubelet.events.KubeletEvents;
import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ExecResult;
import io.kube4j.runtime.RegistryAuth;
import io.kube4j.runtime.SandboxConfig;
import io.kube4j.runtime.simulated.SimulatedRuntime;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The probe workers' semantics with a fake runtime (exec) and loopback servers (httpGet, tcpSocket).
 * One probe "second" lasts {@link #SECOND} here, so that periods and initial delays are short.
 */
@Timeout(60)
class ProbeWorkersTest {

    static final Duration SECOND = Duration.ofMillis(100);
    static final String UID = "pod-uid-1";

    record Event(String fieldPath, String type, String reason, String message) {}

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> notified = new CopyOnWriteArrayList<>();
    private final List<List<String>> execs = new CopyOnWriteArrayList<>();
    private final List<Duration> execTimeouts = new CopyOnWriteArrayList<>();
    private volatile Function<List<String>, ExecResult> exec = c -> new ExecResult(0, new byte[0], new byte[0], false);
    private HttpServer http;
    private ProbeWorkers probes;

    private ProbeWorkers probes() {
        ContainerRuntime runtime = (ContainerRuntime) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ContainerRuntime.class}, (proxy, method, args) -> {
                    if (method.getName().equals("execSync")) {
                        @SuppressWarnings("unchecked")
                        List<String> command = (List<String>) args[1];
                        execs.add(command);
                        execTimeouts.add((Duration) args[2]);
                        return exec.apply(command);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        KubeletEvents sink = (pod, fieldPath, type, reason, message) -> events.add(new Event(fieldPath, type, reason, message));
        probes = new ProbeWorkers(runtime, sink, notified::add, SECOND, Instant.EPOCH, false);
        return probes;
    }

    @AfterEach
    void close() {
        if (probes != null) {
            probes.close();
        }
        if (http != null) {
            http.stop(0);
        }
    }

    private static Pod pod(Container container) {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid(UID).endMetadata()
                .withNewSpec().withContainers(container).endSpec().build();
    }

    private static Probe exec(String... command) {
        return new ProbeBuilder().withNewExec().withCommand(command).endExec().withPeriodSeconds(1).build();
    }

    private static Map<String, RunningContainer> running(String id) {
        return Map.of("app", new RunningContainer(id, Instant.now()));
    }

    /** A loopback HTTP server answering /healthz with the status in {@code status}; counts the requests. */
    private int httpServer(AtomicInteger status, AtomicInteger requests) throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/healthz", ex -> {
            requests.incrementAndGet();
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status.get(), body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.start();
        return http.getAddress().getPort();
    }

    @Test
    void livenessFailsAfterFailureThresholdOnANamedPortThenWaitsForANewContainer() throws Exception {
        AtomicInteger status = new AtomicInteger(500);
        AtomicInteger requests = new AtomicInteger();
        int port = httpServer(status, requests);
        Container app = new ContainerBuilder().withName("app").addNewPort().withName("http").withContainerPort(port).endPort()
                .withLivenessProbe(new ProbeBuilder().withNewHttpGet().withPath("/healthz").withPort(new IntOrString("http")).endHttpGet()
                        .withPeriodSeconds(1).withFailureThreshold(3).build())
                .build();
        ProbeWorkers probes = probes();
        probes.update(pod(app), running("c1"), "127.0.0.1");
        assertThat(probes.mustRestart(UID, "app", "c1")).as("liveness starts as success").isFalse();

        await().atMost(Duration.ofSeconds(5)).until(() -> probes.mustRestart(UID, "app", "c1"));
        assertThat(requests.get()).as("failed failureThreshold times").isEqualTo(3);
        assertThat(notified).contains(UID);
        assertThat(events).hasSize(3).allSatisfy(e -> assertThat(e).isEqualTo(new Event("spec.containers{app}", "Warning",
                "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500")));
        Thread.sleep(SECOND.multipliedBy(5).toMillis());
        assertThat(requests.get()).as("on hold until the container is replaced").isEqualTo(3);

        // The kubelet restarts it: a new id starts over.
        status.set(200);
        probes.update(pod(app), running("c2"), "127.0.0.1");
        assertThat(probes.mustRestart(UID, "app", "c2")).isFalse();
        assertThat(probes.mustRestart(UID, "app", "c1")).as("results of the old instance are gone").isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> requests.get() >= 6);
        assertThat(probes.mustRestart(UID, "app", "c2")).isFalse();
        assertThat(probes.ready(UID, "app", "c2")).as("no readiness probe: ready").isTrue();
    }

    @Test
    void readinessIsFalseUntilSuccessThresholdAndFallsAfterFailureThreshold() throws Exception {
        AtomicInteger exit = new AtomicInteger(1);
        exec = c -> new ExecResult(exit.get(), "out".getBytes(StandardCharsets.UTF_8), new byte[0], false);
        Probe readiness = exec("cat", "/tmp/ready");
        readiness.setSuccessThreshold(2);
        readiness.setFailureThreshold(2);
        readiness.setTimeoutSeconds(2);
        Container app = new ContainerBuilder().withName("app").withReadinessProbe(readiness).build();
        ProbeWorkers probes = probes();
        probes.update(pod(app), running("c1"), "10.0.0.5");
        await().atMost(Duration.ofSeconds(5)).until(() -> execs.size() >= 3);
        assertThat(probes.ready(UID, "app", "c1")).isFalse();
        assertThat(events).first().isEqualTo(new Event("spec.containers{app}", "Warning", "Unhealthy", "Readiness probe failed: out"));
        assertThat(execTimeouts).first().isEqualTo(Duration.ofSeconds(2));

        exit.set(0);
        int before = execs.size();
        await().atMost(Duration.ofSeconds(5)).until(() -> probes.ready(UID, "app", "c1"));
        assertThat(execs.size() - before).as("two successes in a row").isGreaterThanOrEqualTo(2);
        assertThat(notified).contains(UID);
        assertThat(probes.mustRestart(UID, "app", "c1")).isFalse();

        exit.set(1);
        before = execs.size();
        await().atMost(Duration.ofSeconds(5)).until(() -> !probes.ready(UID, "app", "c1"));
        assertThat(execs.size() - before).as("two failures in a row").isGreaterThanOrEqualTo(2);
        assertThat(probes.mustRestart(UID, "app", "c1")).as("readiness never restarts").isFalse();

        // A container that stops running is not ready; a new one starts not ready.
        exit.set(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> probes.ready(UID, "app", "c1"));
        probes.update(pod(app), Map.of(), "10.0.0.5");
        assertThat(probes.ready(UID, "app", "c1")).isFalse();
        probes.update(pod(app), running("c2"), "10.0.0.5");
        assertThat(probes.ready(UID, "app", "c2")).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> probes.ready(UID, "app", "c2"));
    }

    @Test
    void initialDelayHoldsTheFirstProbeBack() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Instant> connections = new CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket accepted = server.accept();
                        connections.add(Instant.now());
                        accepted.close();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Container app = new ContainerBuilder().withName("app")
                    .withReadinessProbe(new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(server.getLocalPort())).endTcpSocket()
                            .withInitialDelaySeconds(5).withPeriodSeconds(1).build())
                    .build();
            Instant started = Instant.now();
            ProbeWorkers probes = probes();
            probes.update(pod(app), Map.of("app", new RunningContainer("c1", started)), "127.0.0.1");
            Thread.sleep(SECOND.multipliedBy(3).toMillis());
            assertThat(connections).isEmpty();
            assertThat(probes.ready(UID, "app", "c1")).isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> probes.ready(UID, "app", "c1"));
            assertThat(Duration.between(started, connections.getFirst())).isGreaterThanOrEqualTo(SECOND.multipliedBy(5));
        }
    }

    @Test
    void execTimeoutIsAFailure() {
        exec = c -> new ExecResult(-1, new byte[0], new byte[0], true);
        Probe liveness = exec("sleep", "10");
        liveness.setFailureThreshold(1);
        Container app = new ContainerBuilder().withName("app").withLivenessProbe(liveness).build();
        ProbeWorkers probes = probes();
        probes.update(pod(app), running("c1"), "10.0.0.5");
        await().atMost(Duration.ofSeconds(5)).until(() -> probes.mustRestart(UID, "app", "c1"));
        assertThat(execTimeouts).first().as("timeoutSeconds defaults to 1").isEqualTo(Duration.ofSeconds(1));
        assertThat(events).first().extracting(Event::message).isEqualTo("Liveness probe failed: command \"sleep 10\" timed out");
    }

    @Test
    void startupGatesLivenessAndReadinessUntilItSucceeds() throws Exception {
        AtomicInteger startupExit = new AtomicInteger(1);
        exec = c -> new ExecResult(c.getFirst().equals("started") ? startupExit.get() : 0, new byte[0], new byte[0], false);
        Probe startup = exec("started");
        startup.setFailureThreshold(100);
        Container app = new ContainerBuilder().withName("app").withStartupProbe(startup)
                .withLivenessProbe(exec("alive")).withReadinessProbe(exec("ready")).build();
        ProbeWorkers probes = probes();
        probes.update(pod(app), running("c1"), "10.0.0.5");
        await().atMost(Duration.ofSeconds(5)).until(() -> execs.size() >= 4);
        assertThat(execs).allSatisfy(c -> assertThat(c).containsExactly("started"));
        assertThat(probes.started(UID, "app", "c1")).isFalse();
        assertThat(probes.ready(UID, "app", "c1")).isFalse();

        startupExit.set(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> probes.started(UID, "app", "c1") && probes.ready(UID, "app", "c1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> execs.stream().anyMatch(c -> c.getFirst().equals("alive")));
        long startupRuns = execs.stream().filter(c -> c.getFirst().equals("started")).count();
        Thread.sleep(SECOND.multipliedBy(4).toMillis());
        assertThat(execs.stream().filter(c -> c.getFirst().equals("started")).count()).as("startup stops once it succeeded")
                .isEqualTo(startupRuns);
    }

    @Test
    void aFailingStartupProbeRestartsTheContainer() {
        exec = c -> new ExecResult(1, "not yet".getBytes(StandardCharsets.UTF_8), new byte[0], false);
        Probe startup = exec("started");
        startup.setFailureThreshold(2);
        Container app = new ContainerBuilder().withName("app").withStartupProbe(startup).withLivenessProbe(exec("alive")).build();
        ProbeWorkers probes = probes();
        probes.update(pod(app), running("c1"), "10.0.0.5");
        await().atMost(Duration.ofSeconds(5)).until(() -> probes.mustRestart(UID, "app", "c1"));
        assertThat(events).extracting(Event::message).containsOnly("Startup probe failed: not yet");
        assertThat(execs).allSatisfy(c -> assertThat(c).containsExactly("started"));
    }

    @Test
    void aProbeThatCannotRunIsAnErrorEventAndNotCounted() throws Exception {
        Container app = new ContainerBuilder().withName("app")
                .withLivenessProbe(new ProbeBuilder().withNewHttpGet().withPort(new IntOrString("nope")).endHttpGet()
                        .withPeriodSeconds(1).withFailureThreshold(1).build())
                .build();
        ProbeWorkers probes = probes();
        probes.update(pod(app), running("c1"), "127.0.0.1");
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 3);
        assertThat(events.getFirst().message())
                .isEqualTo("Liveness probe errored and resulted in unknown state: couldn't find port: nope in container app");
        assertThat(probes.mustRestart(UID, "app", "c1")).isFalse();
    }

    @Test
    void onASimulatedNodeNetworkProbesSucceedAndExecGoesToTheSimulatedRuntime() throws Exception {
        SimulatedRuntime runtime = new SimulatedRuntime("10.60.0.0/24", Duration.ZERO);
        runtime.images().pull("busybox", RegistryAuth.ANONYMOUS);
        String sandbox = runtime.runSandbox(new SandboxConfig("web", "default", UID, 0, "web", Path.of("/tmp"), null, List.of(),
                List.of(), false, false, false, false, "", Map.of(), Map.of(), Map.of())).id();
        String id = runtime.createContainer(sandbox, new ContainerConfig("app", 0, "busybox", List.of(), List.of(), "", List.of(),
                List.of(), "app/0.log", false, false, false, ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT,
                Map.of(), Map.of()));
        runtime.startContainer(id);
        Probe liveness = exec("false");
        liveness.setFailureThreshold(2);
        Container app = new ContainerBuilder().withName("app")
                .withReadinessProbe(new ProbeBuilder().withNewHttpGet().withPath("/").withPort(new IntOrString(8080)).endHttpGet()
                        .withPeriodSeconds(1).build())
                .withLivenessProbe(liveness)
                .build();
        KubeletEvents sink = (pod, fieldPath, type, reason, message) -> events.add(new Event(fieldPath, type, reason, message));
        probes = new ProbeWorkers(runtime, sink, notified::add, SECOND, Instant.EPOCH, true);
        String ip = runtime.sandbox(sandbox).orElseThrow().ips().getFirst();
        probes.update(pod(app), Map.of("app", new RunningContainer(id, Instant.now())), ip);
        await().atMost(Duration.ofSeconds(5)).until(() -> probes.ready(UID, "app", id));
        await().atMost(Duration.ofSeconds(5)).until(() -> probes.mustRestart(UID, "app", id));
        assertThat(events).extracting(Event::message).containsOnly("Liveness probe failed: ");
    }

    @Test
    void grpcReadinessThroughTheManager() throws Exception {
        try (GrpcTestServer grpc = new GrpcTestServer()) {
            Container app = new ContainerBuilder().withName("app")
                    .withReadinessProbe(new ProbeBuilder().withNewGrpc().withPort(grpc.port()).withService("ok").endGrpc()
                            .withPeriodSeconds(1).build())
                    .build();
            ProbeWorkers probes = probes();
            probes.update(pod(app), running("c1"), "127.0.0.1");
            await().atMost(Duration.ofSeconds(5)).until(() -> probes.ready(UID, "app", "c1"));
            assertThat(grpc.services).first().isEqualTo("ok");
        }
    }

    @Test
    void aDeletedPodStopsLivenessQuietlyAndRemoveStopsEverything() throws Exception {
        exec = c -> new ExecResult(1, new byte[0], new byte[0], false);
        Probe liveness = exec("alive");
        liveness.setFailureThreshold(1000);
        Container app = new ContainerBuilder().withName("app").withLivenessProbe(liveness).withReadinessProbe(exec("ready")).build();
        ProbeWorkers probes = probes();
        probes.update(pod(app), running("c1"), "10.0.0.5");
        await().atMost(Duration.ofSeconds(5)).until(() -> execs.stream().anyMatch(c -> c.getFirst().equals("alive")));
        Pod deleting = pod(app);
        deleting.getMetadata().setDeletionTimestamp(Instant.now().toString());
        probes.update(deleting, running("c1"), "10.0.0.5");
        Thread.sleep(SECOND.multipliedBy(3).toMillis());
        long alive = execs.stream().filter(c -> c.getFirst().equals("alive")).count();
        Thread.sleep(SECOND.multipliedBy(4).toMillis());
        assertThat(execs.stream().filter(c -> c.getFirst().equals("alive")).count()).isEqualTo(alive);
        assertThat(probes.mustRestart(UID, "app", "c1")).isFalse();

        probes.remove(UID);
        Thread.sleep(SECOND.multipliedBy(2).toMillis());
        int after = execs.size();
        Thread.sleep(SECOND.multipliedBy(4).toMillis());
        assertThat(execs).hasSize(after);
    }
}
