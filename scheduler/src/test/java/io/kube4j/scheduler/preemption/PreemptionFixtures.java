package io.kube4j.scheduler.preemption;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.kube4j.scheduler.core.FitError;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.core.ScheduleOne;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.framework.Snapshot;
import io.kube4j.scheduler.testing.Fixtures;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Pods with priorities and start times, budgets, and one full cycle with DefaultPreemption. */
final class PreemptionFixtures {

    private PreemptionFixtures() {
    }

    /** A 1-cpu pod of {@code priority} started at minute {@code startMinute} of 2024-01-01, on {@code node} (or pending if null). */
    static Pod pod(String name, int priority, int startMinute, String node, String... labels) {
        Pod p = Fixtures.pod(name, "cpu", "1").build();
        p.getSpec().setPriority(priority);
        p.getSpec().setNodeName(node);
        p.setStatus(new PodStatusBuilder().withStartTime(String.format("2024-01-01T00:%02d:00Z", startMinute)).build());
        for (int i = 0; i < labels.length; i += 2) {
            p.getMetadata().setLabels(new java.util.HashMap<>(p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels()));
            p.getMetadata().getLabels().put(labels[i], labels[i + 1]);
        }
        return p;
    }

    /** A budget over pods labelled {@code app=app} in "default" allowing {@code allowed} disruptions. */
    static PodDisruptionBudget pdb(String app, int allowed) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withName(app).withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", app).endSelector().endSpec()
                .withNewStatus().withDisruptionsAllowed(allowed).endStatus().build();
    }

    /** A node with {@code cpu} CPUs. */
    static Node node(String name, String cpu) {
        return Fixtures.node(name, "cpu", cpu, "memory", "8Gi").build();
    }

    /** The outcome of one cycle: the message users see, the nominated node (or null) and the victims' names. */
    record Outcome(String message, String nominated, List<String> victims) {
    }

    /** Schedules {@code preemptor} with the default profile (preemption starting at the first node). */
    static Outcome run(List<Node> nodes, List<Pod> pods, Pod preemptor, List<PodDisruptionBudget> pdbs,
                       List<Pod> nominated) {
        DefaultPreemption dp = new DefaultPreemption(10, 100, new Random(0) {
            @Override
            public int nextInt(int bound) {
                return 0;
            }
        });
        dp.useInputs(() -> pdbs, () -> nominated.stream()
                .collect(Collectors.groupingBy(p -> p.getStatus().getNominatedNodeName())));
        Profile.Builder b = Profile.builder(Profile.DEFAULT_SCHEDULER_NAME);
        Profile defaults = Profile.defaults();
        defaults.plugins().values().stream().filter(pl -> !(pl instanceof DefaultPreemption)).forEach(b::add);
        b.add(dp);
        ScheduleOne algo = new ScheduleOne(b.build(), new Random(1));
        CycleState state = new CycleState();
        FitError err = catchThrowableOfType(FitError.class,
                () -> algo.schedulePod(state, preemptor, Snapshot.of(nodes, pods)));
        assertThat(err).as("the preemptor must not fit before preemption").isNotNull();
        ScheduleOne.PostFilterOutcome out = algo.runPostFilter(state, err);
        List<String> victims = List.of();
        if (state.contains(PreemptionDecision.STATE_KEY)) {
            victims = state.read(PreemptionDecision.STATE_KEY, PreemptionDecision.class).victims().stream()
                    .map(p -> p.getMetadata().getName()).toList();
        }
        String nominated1 = out.result().status().isSuccess() ? out.result().nominatedNodeName() : null;
        return new Outcome(out.error().getMessage(), nominated1, victims);
    }

    static String key(Pod p) {
        return PodInfo.keyOf(p);
    }
}
