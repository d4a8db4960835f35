package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.validation.FieldChecks;
import io.kube4j.apiserver.validation.ResourceValidation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LimitRanges, as upstream's defaults and {@code ValidateLimitRange}: for Container items the
 * default limit falls back to max and the default request to the default limit, then to min;
 * types are Pod, Container or PersistentVolumeClaim; min &lt;= default request &lt;= default &lt;= max.
 * Stateless, thread-safe.
 */
public final class LimitRangeStrategy implements ResourceStrategy<LimitRange> {

    private static final List<String> TYPES = List.of("Container", "PersistentVolumeClaim", "Pod");

    @Override
    public void applyDefaults(LimitRange lr) {
        if (lr.getSpec() == null || lr.getSpec().getLimits() == null) {
            return;
        }
        for (LimitRangeItem item : lr.getSpec().getLimits()) {
            if (!"Container".equals(item.getType())) {
                continue;
            }
            Map<String, Quantity> def = copy(item.getDefault());
            fill(def, item.getMax());
            Map<String, Quantity> defReq = copy(item.getDefaultRequest());
            fill(defReq, def);
            fill(defReq, item.getMin());
            if (!def.isEmpty()) {
                item.setDefault(def);
            }
            if (!defReq.isEmpty()) {
                item.setDefaultRequest(defReq);
            }
        }
    }

    @Override
    public List<FieldError> validate(LimitRange lr) {
        List<FieldError> errs = new ArrayList<>();
        List<LimitRangeItem> items = lr.getSpec() == null || lr.getSpec().getLimits() == null
                ? List.of() : lr.getSpec().getLimits();
        for (int i = 0; i < items.size(); i++) {
            LimitRangeItem item = items.get(i);
            String p = "spec.limits[" + i + "]";
            FieldChecks.oneOf(errs, p + ".type", item.getType(), TYPES);
            if ("Pod".equals(item.getType())) {
                if (item.getDefault() != null && !item.getDefault().isEmpty()) {
                    errs.add(FieldError.forbidden(p + ".default", "may not be specified when `type` is 'Pod'"));
                }
                if (item.getDefaultRequest() != null && !item.getDefaultRequest().isEmpty()) {
                    errs.add(FieldError.forbidden(p + ".defaultRequest", "may not be specified when `type` is 'Pod'"));
                }
            }
            names(errs, p + ".max", item.getMax());
            names(errs, p + ".min", item.getMin());
            names(errs, p + ".default", item.getDefault());
            names(errs, p + ".defaultRequest", item.getDefaultRequest());
            names(errs, p + ".maxLimitRequestRatio", item.getMaxLimitRequestRatio());
            Map<String, Quantity> min = orEmpty(item.getMin());
            Map<String, Quantity> max = orEmpty(item.getMax());
            Map<String, Quantity> def = orEmpty(item.getDefault());
            Map<String, Quantity> defReq = orEmpty(item.getDefaultRequest());
            order(errs, p + ".min", min, "min value", max, "max value");
            order(errs, p + ".default", min, "min value", def, "default value");
            order(errs, p + ".default", def, "default value", max, "max value");
            order(errs, p + ".defaultRequest", min, "min value", defReq, "default request value");
            order(errs, p + ".defaultRequest", defReq, "default request value", max, "max value");
            order(errs, p + ".defaultRequest", defReq, "default request value", def, "default limit value");
        }
        return errs;
    }

    /** For each resource in both, an error on {@code path[resource]} when {@code low} exceeds {@code high}. */
    private static void order(List<FieldError> errs, String path, Map<String, Quantity> low, String lowName,
            Map<String, Quantity> high, String highName) {
        for (Map.Entry<String, Quantity> e : low.entrySet()) {
            Quantity h = high.get(e.getKey());
            BigDecimal l = FieldChecks.amount(e.getValue());
            BigDecimal hv = FieldChecks.amount(h);
            if (l != null && hv != null && l.compareTo(hv) > 0) {
                errs.add(FieldError.invalid(path + "[" + e.getKey() + "]", FieldChecks.text(e.getValue()),
                        lowName + " " + FieldChecks.text(e.getValue()) + " is greater than " + highName + " "
                                + FieldChecks.text(h)));
            }
        }
    }

    private static void names(List<FieldError> errs, String p, Map<String, Quantity> amounts) {
        for (Map.Entry<String, Quantity> e : orEmpty(amounts).entrySet()) {
            ResourceValidation.resourceName(errs, p + "[" + e.getKey() + "]", e.getKey());
            FieldChecks.nonNegativeQuantity(errs, p + "[" + e.getKey() + "]", e.getValue());
        }
    }

    private static void fill(Map<String, Quantity> into, Map<String, Quantity> from) {
        for (Map.Entry<String, Quantity> e : orEmpty(from).entrySet()) {
            into.putIfAbsent(e.getKey(), new Quantity(e.getValue().getAmount(), e.getValue().getFormat()));
        }
    }

    private static Map<String, Quantity> copy(Map<String, Quantity> m) {
        return m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m);
    }

    private static Map<String, Quantity> orEmpty(Map<String, Quantity> m) {
        return m == null ? Map.of() : m;
    }
}
