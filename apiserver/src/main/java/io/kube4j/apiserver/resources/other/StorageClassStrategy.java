package io.kube4j.apiserver.resources.other;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.resources.apps.Checks;
import io.kube4j.apiserver.validation.NameRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * storage.k8s.io/v1 StorageClass, as upstream's {@code SetDefaults_StorageClass} and
 * {@code ValidateStorageClass*}: reclaimPolicy Delete and volumeBindingMode Immediate by default;
 * a provisioner is required and a qualified name; parameters bounded; provisioner, parameters,
 * reclaimPolicy and volumeBindingMode cannot change. Stateless; thread-safe.
 */
public final class StorageClassStrategy implements ResourceStrategy<StorageClass> {

    static final int MAX_PARAMETERS = 512;
    static final int MAX_PARAMETERS_SIZE = 256 * 1024;

    @Override
    public void applyDefaults(StorageClass sc) {
        if (sc.getReclaimPolicy() == null) {
            sc.setReclaimPolicy("Delete");
        }
        if (sc.getVolumeBindingMode() == null) {
            sc.setVolumeBindingMode("Immediate");
        }
    }

    @Override
    public List<FieldError> validate(StorageClass sc) {
        List<FieldError> errs = new ArrayList<>();
        String provisioner = Checks.str(sc.getProvisioner());
        if (provisioner.isEmpty()) {
            errs.add(FieldError.required("provisioner", ""));
        } else {
            for (String msg : NameRules.isQualifiedName(provisioner.toLowerCase(Locale.ROOT))) {
                errs.add(FieldError.invalid("provisioner", provisioner.toLowerCase(Locale.ROOT), msg));
            }
        }
        parameters(errs, sc.getParameters());
        String reclaim = Checks.str(sc.getReclaimPolicy());
        if (!reclaim.isEmpty() && !reclaim.equals("Delete") && !reclaim.equals("Retain")) {
            errs.add(FieldError.notSupported("reclaimPolicy", reclaim, List.of("Delete", "Retain")));
        }
        String mode = sc.getVolumeBindingMode();
        if (mode == null) {
            errs.add(FieldError.required("volumeBindingMode", ""));
        } else if (!mode.equals("Immediate") && !mode.equals("WaitForFirstConsumer")) {
            errs.add(FieldError.notSupported("volumeBindingMode", mode, List.of("Immediate", "WaitForFirstConsumer")));
        }
        return errs;
    }

    private static void parameters(List<FieldError> errs, Map<String, String> params) {
        if (params == null) {
            return;
        }
        if (params.size() > MAX_PARAMETERS) {
            errs.add(FieldError.tooLong("parameters", null, MAX_PARAMETERS));
            return;
        }
        long size = 0;
        for (Map.Entry<String, String> e : Checks.sorted(params).entrySet()) {
            if (e.getKey().isEmpty()) {
                errs.add(FieldError.invalid("parameters", e.getKey(), "field can not be empty."));
            }
            size += e.getKey().length() + Checks.str(e.getValue()).length();
        }
        if (size > MAX_PARAMETERS_SIZE) {
            errs.add(FieldError.tooLong("parameters", null, MAX_PARAMETERS_SIZE));
        }
    }

    @Override
    public List<FieldError> validateUpdate(StorageClass sc, StorageClass old) {
        List<FieldError> errs = validate(sc);
        if (!Checks.sorted(sc.getParameters()).equals(Checks.sorted(old.getParameters()))) {
            errs.add(FieldError.forbidden("parameters", "updates to parameters are forbidden."));
        }
        if (!Checks.sameString(sc.getProvisioner(), old.getProvisioner())) {
            errs.add(FieldError.forbidden("provisioner", "updates to provisioner are forbidden."));
        }
        if (!Checks.sameString(sc.getReclaimPolicy(), old.getReclaimPolicy())) {
            errs.add(FieldError.forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
        }
        Checks.immutable(errs, sc.getVolumeBindingMode(), old.getVolumeBindingMode(), "volumeBindingMode");
        return errs;
    }
}
