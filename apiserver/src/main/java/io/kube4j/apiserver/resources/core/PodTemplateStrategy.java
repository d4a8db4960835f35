package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.PodTemplate;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.validation.PodSpecDefaults;
import io.kube4j.apiserver.validation.PodSpecValidation;
import java.util.List;

/** PodTemplates: the template's pod-spec defaults and validation under {@code template}. Stateless, thread-safe. */
public final class PodTemplateStrategy implements ResourceStrategy<PodTemplate> {

    @Override
    public void applyDefaults(PodTemplate t) {
        PodSpecDefaults.applyTemplate(t.getTemplate());
    }

    @Override
    public List<FieldError> validate(PodTemplate t) {
        return PodSpecValidation.validateTemplate(t.getTemplate(), "template");
    }
}
