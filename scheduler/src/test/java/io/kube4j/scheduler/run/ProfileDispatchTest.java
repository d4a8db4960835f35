package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.config.ConfigLoader;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.run.RecordingWriter.Call;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two profiles over one queue and one cache: each pod goes to its own profile, and both see the same room. */
class ProfileDispatchTest extends LoopFixture {

    private static final List<Profile> PROFILES = ConfigLoader.standalone().load("""
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            profiles:
            - schedulerName: default-scheduler
            - schedulerName: bin-packer
              pluginConfig:
              - name: NodeResourcesFit
                args:
                  scoringStrategy:
                    type: MostAllocated
            """);

    private final RecordingWriter packerWriter = new RecordingWriter();
    private final ProfileDispatch dispatch;

    ProfileDispatchTest() {
        super(PROFILES.getFirst());
        SchedulingLoop packer = new SchedulingLoop(PROFILES.get(1), queue, cache, packerWriter,
                key -> null, Runnable::run, new Random(1), metrics);
        dispatch = new ProfileDispatch(queue, List.of(loop, packer));
    }

    private Pod named(String name, String scheduler, String cpu) {
        Pod p = pod(name, "cpu", cpu).build();
        p.getSpec().setSchedulerName(scheduler);
        return p;
    }

    @Test
    void eachPodIsScheduledByItsProfileAndTheAssumedRoomIsShared() throws InterruptedException {
        cache.addOrUpdateNode(node("roomy", "cpu", "8", "memory", "16Gi").build());
        var snug = node("snug", "cpu", "2", "memory", "16Gi").build();
        snug.getMetadata().setLabels(java.util.Map.of("size", "snug"));
        cache.addOrUpdateNode(snug);
        submit(named("packed", "bin-packer", "1"));
        assertThat(dispatch.scheduleNext(Duration.ZERO)).isTrue();
        // MostAllocated prefers the fuller node; only the bin-packer's writer saw the pod.
        assertThat(packerWriter.of("bind")).containsExactly(new Call("bind", "default/packed", "snug", ""));
        assertThat(writer.of("bind")).isEmpty();

        // The default profile sees the bin-packer's assumed pod: snug has 1 cpu left, not 2.
        Pod big = named("big", "", "1500m");
        big.getSpec().setNodeSelector(java.util.Map.of("size", "snug"));
        submit(big);
        assertThat(dispatch.scheduleNext(Duration.ZERO)).isTrue();
        assertThat(writer.of("bind")).isEmpty();
        assertThat(writer.of("condition")).singleElement().satisfies(c -> assertThat(c.b()).startsWith(
                "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector."));
        assertThat(cache.isAssumed("default/packed")).isTrue();
    }

    @Test
    void twoProfilesWithOneNameAreRefused() {
        SchedulingLoop again = new SchedulingLoop(PROFILES.getFirst(), queue, cache, packerWriter,
                key -> null, Runnable::run, new Random(1), metrics);
        assertThatThrownBy(() -> new ProfileDispatch(queue, List.of(loop, again)))
                .hasMessage("duplicate profile with scheduler name \"default-scheduler\"");
    }
}
