package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.validation.FieldChecks;
import io.kube4j.apiserver.validation.NameRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * ConfigMaps, as upstream's {@code ValidateConfigMap}: keys of data and binaryData are config
 * keys and distinct across both, 1 MiB in all; once {@code immutable} is true neither the data nor
 * the flag may change. Stateless, thread-safe.
 */
public final class ConfigMapStrategy implements ResourceStrategy<ConfigMap> {

    /** Upstream's size limit for a ConfigMap's or Secret's data. */
    static final int MAX_BYTES = 1024 * 1024;

    @Override
    public List<FieldError> validate(ConfigMap cm) {
        List<FieldError> errs = new ArrayList<>();
        long total = 0;
        Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
        Map<String, String> binary = cm.getBinaryData() == null ? Map.of() : cm.getBinaryData();
        for (Map.Entry<String, String> e : data.entrySet()) {
            FieldChecks.each(errs, "data[" + e.getKey() + "]", e.getKey(), NameRules::isConfigMapKey);
            total += e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        for (Map.Entry<String, String> e : binary.entrySet()) {
            String p = "binaryData[" + e.getKey() + "]";
            FieldChecks.each(errs, p, e.getKey(), NameRules::isConfigMapKey);
            if (data.containsKey(e.getKey())) {
                errs.add(FieldError.invalid(p, e.getKey(), "duplicate of key present in data"));
            }
            total += decodedLength(e.getValue());
        }
        if (total > MAX_BYTES) {
            errs.add(FieldError.tooLong("", "", MAX_BYTES));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ConfigMap cm, ConfigMap old) {
        List<FieldError> errs = new ArrayList<>();
        if (Boolean.TRUE.equals(old.getImmutable())) {
            immutableData(errs, cm.getImmutable(), cm.getData(), old.getData(), cm.getBinaryData(), old.getBinaryData());
        }
        errs.addAll(validate(cm));
        return errs;
    }

    /** Upstream's rule for immutable ConfigMaps and Secrets. */
    static void immutableData(List<FieldError> errs, Boolean immutable, Map<String, String> data,
            Map<String, String> oldData, Map<String, String> binary, Map<String, String> oldBinary) {
        String why = "field is immutable when `immutable` is set";
        if (!Boolean.TRUE.equals(immutable)) {
            errs.add(FieldError.forbidden("immutable", why));
        }
        if (!Objects.equals(orEmpty(data), orEmpty(oldData))) {
            errs.add(FieldError.forbidden("data", why));
        }
        if (!Objects.equals(orEmpty(binary), orEmpty(oldBinary))) {
            errs.add(FieldError.forbidden("binaryData", why));
        }
    }

    static long decodedLength(String base64) {
        if (base64 == null) {
            return 0;
        }
        try {
            return Base64.getDecoder().decode(base64).length;
        } catch (IllegalArgumentException e) {
            return base64.length();
        }
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
