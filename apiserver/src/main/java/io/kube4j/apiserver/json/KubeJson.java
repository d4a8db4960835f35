package io.kube4j.apiserver.json;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The one JSON and YAML configuration of the apiserver: Jackson 3 set to Jackson 2's defaults,
 * which is what fabric8's model classes are written for and what keeps Kubernetes' wire format
 * (properties in declaration order, not sorted; no failure on unknown properties, since the model
 * classes collect them). Duplicate keys are an error, as they are for upstream's strict decoder.
 * The mappers are immutable and thread-safe; share them.
 */
public final class KubeJson {

    private static final JsonMapper JSON = JsonMapper.builderWithJackson2Defaults()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private KubeJson() {
    }

    /** The JSON mapper. */
    public static JsonMapper json() {
        return JSON;
    }

    /** The YAML mapper (bodies in {@code application/yaml}). */
    public static YAMLMapper yaml() {
        return YAML;
    }
}
