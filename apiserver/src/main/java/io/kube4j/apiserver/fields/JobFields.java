package io.kube4j.apiserver.fields;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import java.util.Set;

/** Jobs: {@code status.successful}, the count of succeeded pods. Stateless, thread-safe. */
public final class JobFields implements SelectableFields<Job> {

    private static final Set<String> LABELS = Set.of("metadata.name", "metadata.namespace", "status.successful");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    @Override
    public Map<String, String> fields(Job job) {
        return Map.of("status.successful", Values.num(job.getStatus() == null ? null : job.getStatus().getSucceeded()));
    }
}
