package io.kube4j.runtime.simulated;

import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStats;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.ExecResult;
import io.kube4j.runtime.ImageService;
import io.kube4j.runtime.ImageStatus;
import io.kube4j.runtime.PortStream;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.RuntimeInfo;
import io.kube4j.runtime.SandboxConfig;
import io.kube4j.runtime.SandboxStatus;
import io.kube4j.runtime.StreamSession;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime of a hollow node (as kubemark's and KWOK's): sandboxes get an IP from the node's pod
 * CIDR and containers "run" without any process, thread or file, so that a thousand simulated
 * nodes of thirty pods each fit in one JVM.
 *
 * <p>Behaviour: a pull waits the configured delay and always succeeds; a started container runs
 * until stopped, unless its environment has {@value #EXIT_CODE_ENV}=N: it then exits with N after
 * {@value #RUN_MS_ENV} milliseconds (default 0: at once), on a timer shared by all simulated
 * runtimes. A graceful stop ends it with exit code 0 (an application that honours SIGTERM), a stop
 * with a zero timeout with 137 (SIGKILL). {@code execSync} answers exit code 0, or 1 for the
 * command {@code ["false"]}; exec, attach and port-forward are {@link RuntimeFailure.Reason#UNSUPPORTED};
 * stats are zeros; containers write no logs (their log path does not exist).
 *
 * <p>Thread-safe. State is in memory only: unlike a real runtime, nothing survives the process.
 */
public final class SimulatedRuntime implements ContainerRuntime {

    /** Env var: the exit code a simulated container ends with. */
    public static final String EXIT_CODE_ENV = "KUBE4J_SIMULATED_EXIT_CODE";
    /** Env var: how long (ms) a container with {@link #EXIT_CODE_ENV} runs before it exits. */
    public static final String RUN_MS_ENV = "KUBE4J_SIMULATED_RUN_MS";

    /** The timer every simulated runtime shares for scheduled exits: one daemon thread in all. */
    private static final ScheduledExecutorService SHARED_TIMER = sharedTimer();

    private static ScheduledExecutorService sharedTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "simulated-runtime-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // a stopped container's exit must not linger in the queue
        return timer;
    }

    private final SimulatedImages images;
    private final PodIpAllocator ips;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final Map<String, SandboxStatus> sandboxes = new ConcurrentHashMap<>();
    private final Map<String, SimulatedContainer> containers = new ConcurrentHashMap<>();
    private final String idPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicLong nextPid = new AtomicLong(1000);

    /**
     * @param podCidr the node's pod CIDR (IPv4) the sandboxes' IPs come from
     * @param pullDelay how long a pull takes (zero: at once)
     */
    public SimulatedRuntime(String podCidr, Duration pullDelay) {
        this(podCidr, pullDelay, SHARED_TIMER, Clock.systemUTC());
    }

    /** With a timer and a clock of the caller's (tests). The timer is not shut down by {@link #close()}. */
    public SimulatedRuntime(String podCidr, Duration pullDelay, ScheduledExecutorService timer, Clock clock) {
        this.images = new SimulatedImages(pullDelay);
        this.ips = new PodIpAllocator(podCidr);
        this.timer = timer;
        this.clock = clock;
    }

    @Override
    public RuntimeInfo info() {
        return new RuntimeInfo("simulated", "0.1.0", true, "");
    }

    @Override
    public ImageService images() {
        return images;
    }

    private String newId() {
        return idPrefix + String.format("%016x", nextId.incrementAndGet());
    }

    @Override
    public SandboxStatus runSandbox(SandboxConfig config) {
        List<String> podIps = List.of();
        if (!config.hostNetwork()) {
            String ip = ips.allocate();
            if (ip == null) {
                throw new RuntimeFailure(RuntimeFailure.Reason.NETWORK, "no IP addresses available in the simulated pod CIDR");
            }
            podIps = List.of(ip);
        }
        String id = newId();
        SandboxStatus status = new SandboxStatus(id, config, SandboxStatus.State.READY, clock.instant(), podIps, null);
        sandboxes.put(id, status);
        return status;
    }

    @Override
    public void stopSandbox(String sandboxId) {
        SandboxStatus sandbox = sandboxes.get(sandboxId);
        if (sandbox == null) {
            return;
        }
        for (SimulatedContainer c : containers.values()) {
            if (c.sandboxId.equals(sandboxId)) {
                c.exit(clock.instant(), 137);
            }
        }
        SandboxStatus stopped = new SandboxStatus(sandboxId, sandbox.config(), SandboxStatus.State.NOT_READY,
                sandbox.createdAt(), sandbox.ips(), null);
        if (sandboxes.replace(sandboxId, sandbox, stopped) && sandbox.state() == SandboxStatus.State.READY) {
            sandbox.ips().forEach(ips::release);
        }
    }

    @Override
    public void removeSandbox(String sandboxId) {
        stopSandbox(sandboxId);
        containers.values().removeIf(c -> {
            if (c.sandboxId.equals(sandboxId)) {
                c.cancelExit();
                return true;
            }
            return false;
        });
        sandboxes.remove(sandboxId);
    }

    @Override
    public Optional<SandboxStatus> sandbox(String sandboxId) {
        return Optional.ofNullable(sandboxes.get(sandboxId));
    }

    @Override
    public List<SandboxStatus> listSandboxes() {
        return List.copyOf(sandboxes.values());
    }

    @Override
    public String createContainer(String sandboxId, ContainerConfig config) {
        SandboxStatus sandbox = sandboxes.get(sandboxId);
        if (sandbox == null || sandbox.state() != SandboxStatus.State.READY) {
            throw new RuntimeFailure(RuntimeFailure.Reason.CREATE, "sandbox " + sandboxId + " is not ready");
        }
        ImageStatus image = images.image(config.image()).orElseThrow(() -> new RuntimeFailure(
                RuntimeFailure.Reason.IMAGE_NOT_PRESENT, "image " + config.image() + " is not present"));
        Path logPath = sandbox.config().logDirectory() == null || config.logPath() == null || config.logPath().isEmpty()
                ? null
                : sandbox.config().logDirectory().resolve(config.logPath()); // never written: the container logs nothing
        String id = newId();
        containers.put(id, new SimulatedContainer(id, sandboxId, config, image.id(), logPath,
                new ContainerState.Created(clock.instant())));
        return id;
    }

    @Override
    public void startContainer(String containerId) {
        SimulatedContainer c = containers.get(containerId);
        if (c == null) {
            throw new RuntimeFailure(RuntimeFailure.Reason.NOT_FOUND, "no container " + containerId);
        }
        Integer exitCode = intEnv(c, EXIT_CODE_ENV, null);
        int runMs = exitCode == null ? 0 : intEnv(c, RUN_MS_ENV, 0);
        Instant now = clock.instant();
        synchronized (c) {
            if (!(c.state() instanceof ContainerState.Created created)) {
                throw new RuntimeFailure(RuntimeFailure.Reason.START, "container " + containerId + " is not in state created");
            }
            c.state(new ContainerState.Running(created.createdAt(), now, nextPid.incrementAndGet()));
            if (exitCode != null && runMs <= 0) {
                c.exit(now, exitCode);
            } else if (exitCode != null) {
                int code = exitCode;
                c.scheduledExit(timer.schedule(() -> c.exit(clock.instant(), code), runMs, TimeUnit.MILLISECONDS));
            }
        }
    }

    private static Integer intEnv(SimulatedContainer c, String name, Integer fallback) {
        String value = c.env(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new RuntimeFailure(RuntimeFailure.Reason.START, name + " is not a number: " + value);
        }
    }

    @Override
    public void stopContainer(String containerId, Duration timeout) {
        SimulatedContainer c = containers.get(containerId);
        if (c != null) {
            c.exit(clock.instant(), timeout.isZero() || timeout.isNegative() ? 137 : 0);
        }
    }

    @Override
    public void removeContainer(String containerId) {
        SimulatedContainer c = containers.remove(containerId);
        if (c != null) {
            c.cancelExit();
        }
    }

    @Override
    public Optional<ContainerStatus> container(String containerId) {
        return Optional.ofNullable(containers.get(containerId)).map(SimulatedContainer::status);
    }

    @Override
    public List<ContainerStatus> listContainers() {
        return containers.values().stream().map(SimulatedContainer::status).toList();
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        SimulatedContainer c = containers.get(containerId);
        if (c == null) {
            throw new RuntimeFailure(RuntimeFailure.Reason.NOT_FOUND, "no container " + containerId);
        }
        if (!(c.state() instanceof ContainerState.Running)) {
            throw new RuntimeFailure(RuntimeFailure.Reason.NOT_RUNNING, "container " + containerId + " is not running");
        }
        int exitCode = command.equals(List.of("false")) ? 1 : 0;
        return new ExecResult(exitCode, new byte[0], new byte[0], false);
    }

    @Override
    public StreamSession exec(String containerId, List<String> command, boolean tty, boolean stdin) {
        throw new RuntimeFailure(RuntimeFailure.Reason.UNSUPPORTED, "the simulated runtime does not exec");
    }

    @Override
    public StreamSession attach(String containerId, boolean stdin, boolean tty) {
        throw new RuntimeFailure(RuntimeFailure.Reason.UNSUPPORTED, "the simulated runtime does not attach");
    }

    @Override
    public PortStream portForward(String sandboxId, int port) {
        throw new RuntimeFailure(RuntimeFailure.Reason.UNSUPPORTED, "the simulated runtime does not port-forward");
    }

    @Override
    public Optional<ContainerStats> stats(String containerId) {
        SimulatedContainer c = containers.get(containerId);
        if (c == null || !(c.state() instanceof ContainerState.Running)) {
            return Optional.empty();
        }
        return Optional.of(new ContainerStats(containerId, clock.instant(), 0, 0, 0, 0));
    }

    /** Cancels the pending scheduled exits of this runtime's containers; the shared timer stays. */
    @Override
    public void close() {
        containers.values().forEach(SimulatedContainer::cancelExit);
    }
}
