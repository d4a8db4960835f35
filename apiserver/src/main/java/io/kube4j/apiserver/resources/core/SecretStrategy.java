package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.Secret;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.validation.FieldChecks;
import io.kube4j.apiserver.validation.NameRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Secrets, as upstream's {@code ValidateSecret}: {@code stringData} is folded into {@code data}
 * (upstream's conversion does this on every write); type defaults to Opaque and may not change;
 * keys are config keys, 1 MiB in all; each built-in type's required keys (service-account-token's
 * name annotation, dockercfg/dockerconfigjson valid JSON, basic-auth, ssh-auth, tls); once
 * {@code immutable} is true neither the data nor the flag may change. Stateless, thread-safe.
 */
public final class SecretStrategy implements ResourceStrategy<Secret> {

    private static final String REDACTED = "<secret contents redacted>";

    @Override
    public void applyDefaults(Secret s) {
        if (s.getType() == null || s.getType().isEmpty()) {
            s.setType("Opaque");
        }
        if (s.getStringData() != null && !s.getStringData().isEmpty()) {
            Map<String, String> data = s.getData() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(s.getData());
            for (Map.Entry<String, String> e : s.getStringData().entrySet()) {
                String v = e.getValue() == null ? "" : e.getValue();
                data.put(e.getKey(), Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
            }
            s.setData(data);
        }
        s.setStringData(null);
    }

    @Override
    public List<FieldError> validate(Secret s) {
        List<FieldError> errs = new ArrayList<>();
        Map<String, String> data = s.getData() == null ? Map.of() : s.getData();
        long total = 0;
        for (Map.Entry<String, String> e : data.entrySet()) {
            FieldChecks.each(errs, "data[" + e.getKey() + "]", e.getKey(), NameRules::isConfigMapKey);
            total += ConfigMapStrategy.decodedLength(e.getValue());
        }
        if (total > ConfigMapStrategy.MAX_BYTES) {
            errs.add(FieldError.tooLong("data", "", ConfigMapStrategy.MAX_BYTES));
        }
        String type = s.getType() == null ? "Opaque" : s.getType();
        switch (type) {
            case "kubernetes.io/service-account-token" -> {
                Map<String, String> ann = s.getMetadata() == null || s.getMetadata().getAnnotations() == null
                        ? Map.of() : s.getMetadata().getAnnotations();
                String sa = ann.getOrDefault("kubernetes.io/service-account.name", "");
                if (sa.isEmpty()) {
                    errs.add(FieldError.required("metadata.annotations[kubernetes.io/service-account.name]", ""));
                }
            }
            case "kubernetes.io/dockercfg" -> json(errs, data, ".dockercfg");
            case "kubernetes.io/dockerconfigjson" -> json(errs, data, ".dockerconfigjson");
            case "kubernetes.io/basic-auth" -> {
                if (empty(data, "username") && empty(data, "password")) {
                    errs.add(FieldError.required("data[username]", ""));
                    errs.add(FieldError.required("data[password]", ""));
                }
            }
            case "kubernetes.io/ssh-auth" -> {
                if (empty(data, "ssh-privatekey")) {
                    errs.add(FieldError.required("data[ssh-privatekey]", ""));
                }
            }
            case "kubernetes.io/tls" -> {
                if (!data.containsKey("tls.key")) {
                    errs.add(FieldError.required("data[tls.key]", ""));
                }
                if (!data.containsKey("tls.crt")) {
                    errs.add(FieldError.required("data[tls.crt]", ""));
                }
            }
            default -> {
                // Opaque and custom types have no required keys
            }
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(Secret s, Secret old) {
        List<FieldError> errs = new ArrayList<>();
        FieldChecks.immutable(errs, "type", s.getType(), old.getType());
        if (Boolean.TRUE.equals(old.getImmutable())) {
            ConfigMapStrategy.immutableData(errs, s.getImmutable(), s.getData(), old.getData(), null, null);
        }
        errs.addAll(validate(s));
        return errs;
    }

    private static void json(List<FieldError> errs, Map<String, String> data, String key) {
        String p = "data[" + key + "]";
        String v = data.get(key);
        if (v == null || v.isEmpty()) {
            errs.add(FieldError.required(p, ""));
            return;
        }
        try {
            KubeJson.json().readTree(Base64.getDecoder().decode(v));
        } catch (RuntimeException e) {
            errs.add(FieldError.invalid(p, REDACTED, e.getMessage() == null ? "invalid JSON" : firstLine(e.getMessage())));
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static boolean empty(Map<String, String> data, String key) {
        String v = data.get(key);
        return v == null || v.isEmpty();
    }
}
