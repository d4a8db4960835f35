package io.kube4j.apiserver.resources.apps;

import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.json.KubeJson;
import java.util.List;

/** Test objects read from YAML, and error summaries for table-driven assertions. */
public final class Fixtures {

    private Fixtures() {
    }

    /** Reads {@code yaml} as {@code type}. */
    public static <T> T read(String yaml, Class<T> type) {
        return KubeJson.yaml().readValue(yaml, type);
    }

    /** {@code field type} pairs, e.g. {@code spec.replicas FieldValueInvalid}. */
    public static List<String> summary(List<FieldError> errs) {
        return errs.stream().map(e -> e.field() + " " + e.type().reason()).toList();
    }

    /** The JSON form, to compare objects. */
    public static String json(Object o) {
        return KubeJson.json().writeValueAsString(o);
    }

    public static final String TEMPLATE = """
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
            """;
}
