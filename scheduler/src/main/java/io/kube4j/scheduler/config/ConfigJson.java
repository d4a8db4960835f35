package io.kube4j.scheduler.config;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The one mapper for configuration files: YAML, which also reads JSON. Thread-safe. */
final class ConfigJson {

    /** Strict, as upstream's config decoding: an unknown field is an error. */
    static final ObjectMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ConfigJson() {
    }
}
