package io.kube4j.kubelet.stats;

import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStats;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxStatus;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The kubelet's Summary API ({@code /stats/summary}, upstream's {@code stats/v1alpha1} shape): the
 * node's CPU and memory ({@link NodeUsage}) and, for every pod with running containers, each
 * container's from {@link ContainerRuntime#stats} (pods found by their {@link RuntimeLabels}), the
 * pod's being the sum of its containers'. {@code usageNanoCores} is the rate since the previous
 * call (absent on the first), as upstream's between cAdvisor samples. Thread-safe.
 */
public final class SummaryProvider {

    private static final Logger LOG = LoggerFactory.getLogger(SummaryProvider.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String nodeName;
    private final ContainerRuntime runtime;
    private final NodeUsage node;
    private final CpuRates rates = new CpuRates();

    public SummaryProvider(String nodeName, ContainerRuntime runtime, NodeUsage node) {
        this.nodeName = nodeName;
        this.runtime = runtime;
        this.node = node;
    }

    /** Usage of one container, with the names it is reported under. */
    private record Usage(ContainerStatus container, ContainerStats stats) {}

    /** Builds the summary now. */
    public ObjectNode summary() {
        Instant now = Instant.now();
        long wall = System.nanoTime();
        ObjectNode summary = JSON.createObjectNode();
        ObjectNode n = summary.putObject("node");
        n.put("nodeName", nodeName);
        Set<String> live = new HashSet<>();
        try {
            NodeUsage.Reading r = node.read();
            n.put("startTime", time(r.bootTime()));
            live.add("node");
            cpu(n.putObject("cpu"), now, rates.rate("node", wall, r.cpuNanos()), r.cpuNanos());
            ObjectNode m = n.putObject("memory");
            m.put("time", time(now));
            m.put("availableBytes", r.availableBytes());
            m.put("usageBytes", r.memoryUsageBytes());
            m.put("workingSetBytes", r.workingSetBytes());
            m.put("rssBytes", r.rssBytes());
            m.put("pageFaults", r.pageFaults());
            m.put("majorPageFaults", r.majorPageFaults());
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the node's usage: {}", e.toString());
        }
        Map<String, List<Usage>> bySandbox = new LinkedHashMap<>();
        for (ContainerStatus c : runtime.listContainers()) {
            if (!(c.state() instanceof ContainerState.Running)) {
                continue;
            }
            Optional<ContainerStats> stats = runtime.stats(c.id());
            stats.ifPresent(s -> bySandbox.computeIfAbsent(c.sandboxId(), k -> new ArrayList<>()).add(new Usage(c, s)));
        }
        Map<String, SandboxStatus> sandboxes = new LinkedHashMap<>();
        for (SandboxStatus s : runtime.listSandboxes()) {
            sandboxes.put(s.id(), s);
        }
        ArrayNode pods = summary.putArray("pods");
        for (Map.Entry<String, List<Usage>> e : bySandbox.entrySet()) {
            pods.add(pod(sandboxes.get(e.getKey()), e.getValue(), now, wall, live));
        }
        rates.retain(live);
        return summary;
    }

    private ObjectNode pod(SandboxStatus sandbox, List<Usage> containers, Instant now, long wall, Set<String> live) {
        Map<String, String> labels = sandbox != null ? sandbox.labels() : containers.getFirst().container().labels();
        ObjectNode pod = JSON.createObjectNode();
        ObjectNode ref = pod.putObject("podRef");
        ref.put("name", labels.getOrDefault(RuntimeLabels.POD_NAME, ""));
        ref.put("namespace", labels.getOrDefault(RuntimeLabels.POD_NAMESPACE, ""));
        ref.put("uid", labels.getOrDefault(RuntimeLabels.POD_UID, ""));
        if (sandbox != null) {
            pod.put("startTime", time(sandbox.createdAt()));
        }
        ArrayNode list = pod.putArray("containers");
        long cpu = 0;
        long usage = 0;
        long workingSet = 0;
        long rss = 0;
        Long podRate = 0L;
        for (Usage u : containers) {
            ContainerStatus c = u.container();
            ContainerStats s = u.stats();
            ObjectNode container = list.addObject();
            container.put("name", c.labels().getOrDefault(RuntimeLabels.CONTAINER_NAME, c.name()));
            if (c.state() instanceof ContainerState.Running running) {
                container.put("startTime", time(running.startedAt()));
            }
            live.add(c.id());
            Long rate = rates.rate(c.id(), wall, s.cpuUsageNanos());
            cpu(container.putObject("cpu"), s.timestamp(), rate, s.cpuUsageNanos());
            memory(container.putObject("memory"), s.timestamp(), s.memoryUsageBytes(), s.memoryWorkingSetBytes(),
                    s.memoryRssBytes());
            cpu += s.cpuUsageNanos();
            usage += s.memoryUsageBytes();
            workingSet += s.memoryWorkingSetBytes();
            rss += s.memoryRssBytes();
            podRate = podRate == null || rate == null ? null : podRate + rate;
        }
        cpu(pod.putObject("cpu"), now, podRate, cpu);
        memory(pod.putObject("memory"), now, usage, workingSet, rss);
        return pod;
    }

    private static void cpu(ObjectNode cpu, Instant time, Long nanoCores, long cumulative) {
        cpu.put("time", time(time));
        if (nanoCores != null) {
            cpu.put("usageNanoCores", nanoCores);
        }
        cpu.put("usageCoreNanoSeconds", cumulative);
    }

    private static void memory(ObjectNode memory, Instant time, long usage, long workingSet, long rss) {
        memory.put("time", time(time));
        memory.put("usageBytes", usage);
        memory.put("workingSetBytes", workingSet);
        memory.put("rssBytes", rss);
    }

    private static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
