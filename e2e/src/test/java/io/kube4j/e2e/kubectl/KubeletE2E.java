package io.kube4j.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kube4j.e2e.FreePorts;
import io.kube4j.runtime.testing.LocalRegistry;
import io.kube4j.runtime.testing.NodeLeftovers;
import io.kube4j.runtime.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real pods in real containers: {@code bin/kube4j server} with its node agent on this host (runc
 * under conmon, overlayfs, cgroups, a CNI bridge of its own), a busybox image built at test time
 * from Debian's busybox-static and pulled from Debian's docker-registry on loopback, driven by the
 * newest pinned kubectl. A pod runs with its IP; two pods talk over TCP; a memory limit OOM-kills;
 * a crashing container backs off; a failing liveness probe restarts; a deletion stops within its
 * grace; {@code kubectl logs -f} and {@code kubectl exec} pass through the apiserver (and Debian's
 * kubectl 1.20 execs and port-forwards over SPDY); and a
 * restarted server (its kubelet killed with SIGKILL) keeps the running containers and learns the
 * exit code of one that ended meanwhile. Needs root, runc, conmon, busybox-static, docker-registry
 * and the CNI plugins (skipped otherwise); every run has its own bridge, subnet, runc root, cgroup
 * root and kubelet port, and removes them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubeletE2E {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private static final String SUFFIX = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(256),
      (byte) ThreadLocalRandom.current().nextInt(256)});
  private static final String BRIDGE = "k4e-" + SUFFIX;
  private static final String CIDR_PREFIX = "10." + (150 + ThreadLocalRandom.current().nextInt(50));
  private static final String CGROUP_ROOT = "/kube4j-e2e-" + SUFFIX;

  private static LocalRegistry registry;
  private static Kube4jApiServer server;
  private static List<String> flags;
  private static String image;

  @BeforeAll
  static void startNode() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "real containers need root");
    for (String tool : List.of("/usr/sbin/runc", "/usr/bin/conmon", "/usr/bin/docker-registry", "/usr/lib/cni/bridge")) {
      Assumptions.assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed");
    }
    TestImages.assumeBusybox();
    registry = LocalRegistry.start();
    registry.push(TestImages.busyboxLayout(dir.resolve("layout")), "e2e/busybox", "1.0");
    image = registry.address() + "/e2e/busybox:1.0";
    flags = List.of("--with-agent", "--cluster-cidr", CIDR_PREFIX + ".0.0/16",
        "--kubelet-arg=cni-bridge=" + BRIDGE,
        "--kubelet-arg=runc-root=" + dir.resolve("runc-root"),
        "--kubelet-arg=cgroup-root=" + CGROUP_ROOT,
        "--kubelet-arg=port=" + FreePorts.next(),
        "--kubelet-arg=hostname-override=e2e-" + SUFFIX);
    server = Kube4jApiServer.start(dir, flags);
    await().atMost(WAIT).untilAsserted(() -> assertThat(kubectl().run("get", "node", "e2e-" + SUFFIX,
        "-o", "jsonpath={.status.conditions[?(@.type=='Ready')].status}").out()).isEqualTo("True"));
  }

  @AfterAll
  static void stopNode() {
    try {
      if (server != null) {
        // Pods first, through the API, so that the kubelet stops their containers and frees their IPs.
        kubectl().run("delete", "pods", "--all", "--grace-period=1", "--wait=true", "--timeout=90s");
        server.close();
      }
    } finally {
      new NodeLeftovers(dir.resolve("runc-root"), dir.resolve("state"), CGROUP_ROOT, BRIDGE, BRIDGE).remove();
      if (registry != null) {
        registry.close();
      }
    }
  }

  private static Kubectl kubectl() {
    return server.kubectl(KubectlBinary.newest());
  }

  private static void run(String name, String restart, String... command) {
    List<String> args = new java.util.ArrayList<>(List.of("run", name, "--image=" + image, "--restart=" + restart, "--"));
    args.addAll(List.of(command));
    kubectl().run(args.toArray(String[]::new)).ok();
  }

  private static String jsonpath(String pod, String path) {
    return kubectl().run("get", "pod", pod, "-o", "jsonpath=" + path).ok().out().strip();
  }

  /** A number at {@code path}, or -1 while the field is not there yet. */
  private static int number(String pod, String path) {
    String value = jsonpath(pod, path);
    return value.isEmpty() ? -1 : Integer.parseInt(value);
  }

  @Test
  @Order(1)
  void aPodRunsWithItsIpAndTwoPodsTalkOverTcp() {
    run("web", "Never", "sh", "-c", "mkdir /www && echo hello-from-web > /www/index.html && exec httpd -f -p 8080 -h /www");
    kubectl().run("wait", "pod/web", "--for=condition=Ready", "--timeout=90s").ok();
    String ip = jsonpath("web", "{.status.podIP}");
    assertThat(ip).startsWith(CIDR_PREFIX + ".");
    assertThat(jsonpath("web", "{.status.phase}")).isEqualTo("Running");
    assertThat(jsonpath("web", "{.status.containerStatuses[0].containerID}")).startsWith("runc://");

    run("client", "Never", "wget", "-qO-", "http://" + ip + ":8080/");
    await().atMost(WAIT).until(() -> jsonpath("client", "{.status.phase}").equals("Succeeded"));
    assertThat(kubectl().run("logs", "client").ok().out()).contains("hello-from-web");
  }

  @Test
  @Order(2)
  void aMemoryLimitOomKills() {
    kubectl().run("run", "oom", "--image=" + image, "--restart=Never", "--overrides",
        "{\"spec\":{\"containers\":[{\"name\":\"oom\",\"image\":\"" + image + "\",\"command\":[\"sh\",\"-c\","
            + "\"dd if=/dev/zero of=/dev/null bs=64M count=1\"],\"resources\":{\"limits\":{\"memory\":\"16Mi\"}}}]}}").ok();
    await().atMost(WAIT).until(() -> jsonpath("oom", "{.status.phase}").equals("Failed"));
    assertThat(jsonpath("oom", "{.status.containerStatuses[0].state.terminated.reason}")).isEqualTo("OOMKilled");
    assertThat(jsonpath("oom", "{.status.containerStatuses[0].state.terminated.exitCode}")).isEqualTo("137");
  }

  @Test
  @Order(3)
  void aCrashingContainerBacksOff() {
    run("crash", "Always", "sh", "-c", "echo crashing; exit 3");
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(jsonpath("crash", "{.status.containerStatuses[0].state.waiting.reason}")).isEqualTo("CrashLoopBackOff");
      assertThat(number("crash", "{.status.containerStatuses[0].restartCount}")).isGreaterThanOrEqualTo(1);
    });
    assertThat(jsonpath("crash", "{.status.containerStatuses[0].lastState.terminated.exitCode}")).isEqualTo("3");
    assertThat(kubectl().run("logs", "crash", "--previous").ok().out()).contains("crashing");
  }

  @Test
  @Order(4)
  void aFailingLivenessProbeRestartsTheContainer() throws Exception {
    Path manifest = Files.writeString(dir.resolve("live.yaml"), """
        apiVersion: v1
        kind: Pod
        metadata: {name: live}
        spec:
          terminationGracePeriodSeconds: 2
          containers:
          - name: app
            image: %s
            command: ["sh", "-c", "touch /tmp/healthy; sleep 3; rm /tmp/healthy; exec sleep 600"]
            livenessProbe:
              exec: {command: ["cat", "/tmp/healthy"]}
              periodSeconds: 1
              failureThreshold: 1
        """.formatted(image));
    kubectl().run("apply", "-f", manifest.toString()).ok();
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(number("live", "{.status.containerStatuses[0].restartCount}")).isGreaterThanOrEqualTo(1));
    assertThat(kubectl().run("get", "events", "--field-selector", "involvedObject.name=live", "-o",
        "custom-columns=REASON:.reason").ok().out()).contains("Unhealthy", "Killing");
  }

  @Test
  @Order(5)
  void logsFollowAndExecPassThroughTheApiserver() throws Exception {
    run("ticker", "Never", "sh", "-c", "i=0; while true; do echo tick-$i; i=$((i+1)); sleep 0.2; done");
    kubectl().run("wait", "pod/ticker", "--for=condition=Ready", "--timeout=90s").ok();
    try (BackgroundKubectl follow = kubectl().start("logs", "-f", "ticker")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> follow.lines().stream().filter(l -> l.startsWith("tick-")).count() >= 15);
    }
    KubectlResult exec = kubectl().run("exec", "ticker", "--", "sh", "-c", "echo from-exec; hostname");
    assertThat(exec.ok().out()).contains("from-exec", "ticker");
    assertThat(kubectl().runWithInput("piped-in\n", "exec", "-i", "ticker", "--", "cat").ok().out()).contains("piped-in");
    assertThat(kubectl().run("exec", "ticker", "--", "sh", "-c", "exit 4").exitCode()).isEqualTo(4);
  }

  /**
   * Debian's kubectl 1.20 speaks only SPDY/3.1 for exec, attach and port-forward: the apiserver
   * tunnels its upgrade to the kubelet. Skipped when that kubectl was not provided.
   */
  @Test
  @Order(5)
  void oldKubectlExecsAndPortForwardsOverSpdy() throws Exception {
    KubectlBinary debian = KubectlBinary.matrix().stream().filter(b -> b.version().equals("1.20")).findFirst()
        .orElseThrow();
    debian.assumeAvailable();
    Kubectl old = server.kubectl(debian);
    run("spdy", "Never", "sh", "-c", "mkdir /www && echo hello-over-spdy > /www/index.html && exec httpd -f -p 8080 -h /www");
    kubectl().run("wait", "pod/spdy", "--for=condition=Ready", "--timeout=90s").ok();
    assertThat(old.run("exec", "spdy", "--", "sh", "-c", "echo from-exec; hostname").ok().out())
        .contains("from-exec", "spdy");
    assertThat(old.runWithInput("piped-in\n", "exec", "-i", "spdy", "--", "cat").ok().out()).contains("piped-in");
    assertThat(old.run("exec", "spdy", "--", "sh", "-c", "exit 4").exitCode()).isEqualTo(4);
    int local = FreePorts.next();
    try (BackgroundKubectl forward = old.start("port-forward", "pod/spdy", local + ":8080")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> forward.lines().stream().anyMatch(l -> l.contains("Forwarding from")));
      try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), local)) {
        socket.setSoTimeout(20_000);
        socket.getOutputStream().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(answer).startsWith("HTTP/1.").contains("hello-over-spdy");
      }
    }
  }

  @Test
  @Order(6)
  void aDeletedPodStopsWithinItsGracePeriod() {
    // sleep as PID 1 ignores SIGTERM: the kubelet must SIGKILL it when the 3 s are up.
    kubectl().run("run", "slow", "--image=" + image, "--restart=Never", "--overrides",
        "{\"spec\":{\"terminationGracePeriodSeconds\":3}}", "--", "sleep", "600").ok();
    kubectl().run("wait", "pod/slow", "--for=condition=Ready", "--timeout=90s").ok();
    long start = System.nanoTime();
    kubectl().run("delete", "pod", "slow", "--wait=true", "--timeout=60s").ok();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  @Order(7)
  void aKilledAndRestartedKubeletKeepsItsContainersAndLearnsExitCodes() throws Exception {
    run("keeper", "Never", "sleep", "600");
    kubectl().run("wait", "pod/keeper", "--for=condition=Ready", "--timeout=90s").ok();
    String containerId = jsonpath("keeper", "{.status.containerStatuses[0].containerID}");
    run("ender", "Never", "sh", "-c", "sleep 6; exit 9");
    kubectl().run("wait", "pod/ender", "--for=condition=Ready", "--timeout=90s").ok();

    server = server.killAndRestart();
    await().atMost(WAIT).until(() -> jsonpath("ender", "{.status.phase}").equals("Failed"));
    assertThat(jsonpath("ender", "{.status.containerStatuses[0].state.terminated.exitCode}")).isEqualTo("9");
    assertThat(jsonpath("keeper", "{.status.containerStatuses[0].containerID}")).isEqualTo(containerId);
    assertThat(jsonpath("keeper", "{.status.containerStatuses[0].restartCount}")).isEqualTo("0");
    assertThat(jsonpath("keeper", "{.status.phase}")).isEqualTo("Running");
  }
  @Test
  @Order(8)
  void anEmptyDirWrittenPastItsSizeLimitAndALayerPastItsLimitAreEvicted() throws Exception {
    Path manifest = Files.writeString(dir.resolve("disk.yaml"), """
        apiVersion: v1
        kind: Pod
        metadata: {name: filler}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 1
          containers:
          - name: app
            image: %1$s
            command: ["sh", "-c", "dd if=/dev/zero of=/cache/blob bs=1024 count=2048; exec sleep 600"]
            volumeMounts: [{name: cache, mountPath: /cache}]
          volumes:
          - name: cache
            emptyDir: {sizeLimit: 1Mi}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: layer}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 1
          containers:
          - name: app
            image: %1$s
            command: ["sh", "-c", "dd if=/dev/zero of=/tmp/blob bs=1024 count=2048; exec sleep 600"]
            resources: {limits: {ephemeral-storage: 1Mi}}
        """.formatted(image));
    kubectl().run("apply", "-f", manifest.toString()).ok();
    // The eviction manager looks every 10 s.
    await().atMost(WAIT).until(() -> jsonpath("filler", "{.status.reason}").equals("Evicted")
        && jsonpath("layer", "{.status.reason}").equals("Evicted"));
    assertThat(jsonpath("filler", "{.status.phase}")).isEqualTo("Failed");
    assertThat(jsonpath("filler", "{.status.message}")).isEqualTo("Usage of EmptyDir volume \"cache\" exceeds the limit \"1Mi\".");
    assertThat(jsonpath("layer", "{.status.message}"))
        .isEqualTo("Pod ephemeral local storage usage exceeds the total limit of containers 1Mi.");
    assertThat(kubectl().run("get", "events", "--field-selector", "involvedObject.name=filler", "-o",
        "custom-columns=REASON:.reason").ok().out()).contains("Evicted");
  }
}
