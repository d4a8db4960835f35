package io.kube4j.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kube4j.apiserver.errors.FieldError;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NameRulesTest {

    record Case(String rule, Function<String, List<String>> check, String value, String expected) {
        @Override
        public String toString() {
            return rule + "(" + value + ")";
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("subdomain", NameRules::isDns1123Subdomain, "example.com", null),
                new Case("subdomain", NameRules::isDns1123Subdomain, "Bad_Name",
                        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                                + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
                                + "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
                new Case("subdomain", NameRules::isDns1123Subdomain, "a".repeat(254), "must be no more than 253 characters"),
                new Case("label", NameRules::isDns1123Label, "my-name", null),
                new Case("label", NameRules::isDns1123Label, "a.b", "must not contain dots"),
                new Case("label", NameRules::isDns1123Label, "-x", "a lowercase RFC 1123 label must consist of"),
                new Case("1035", NameRules::isDns1035Label, "1abc", "a DNS-1035 label must consist of"),
                new Case("1035", NameRules::isDns1035Label, "abc-1", null),
                new Case("qualified", NameRules::isQualifiedName, "example.com/MyName", null),
                new Case("qualified", NameRules::isQualifiedName, "/x", "prefix part must be non-empty"),
                new Case("qualified", NameRules::isQualifiedName, "a/b/c", "a valid label key must consist of"),
                new Case("qualified", NameRules::isQualifiedName, "Bad_/x", "prefix part a lowercase RFC 1123 subdomain"),
                new Case("labelValue", NameRules::isValidLabelValue, "", null),
                new Case("labelValue", NameRules::isValidLabelValue, "-bad", "a valid label must be an empty string"),
                new Case("configKey", NameRules::isConfigMapKey, "..x", "must not start with '..'"),
                new Case("configKey", NameRules::isConfigMapKey, "a b", "a valid config key must consist of"),
                new Case("portName", NameRules::isValidPortName, "123", "must contain at least one letter (a-z)"),
                new Case("portName", NameRules::isValidPortName, "a--b", "must not contain consecutive hyphens"),
                new Case("portName", NameRules::isValidPortName, "http", null),
                new Case("env", NameRules::isEnvVarName, "A=B", "a valid environment variable name must consist only of printable ASCII characters other than '='"),
                new Case("pathSegment", NameRules::isValidPathSegmentName, "a/b", "may not contain '/'"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void checksMatchUpstreamMessages(Case c) {
        List<String> msgs = c.check().apply(c.value());
        if (c.expected() == null) {
            assertThat(msgs).isEmpty();
        } else {
            assertThat(msgs).anySatisfy(m -> assertThat(m).startsWith(c.expected()));
        }
    }

    @ParameterizedTest
    @MethodSource("metaCases")
    void objectMeta(MetaCase c) {
        var cm = new ConfigMapBuilder().withNewMetadata().withName(c.name()).withNamespace(c.namespace())
                .addToLabels(c.labelKey(), "v").endMetadata().build();
        List<FieldError> errs = ObjectMetaValidation.validate(cm, c.namespaced(), c.rule());
        assertThat(errs).extracting(e -> e.type() + " " + e.field()).containsExactlyElementsOf(c.expected());
    }

    record MetaCase(String name, String namespace, boolean namespaced, NameRule rule, String labelKey,
            List<String> expected) {
    }

    static Stream<MetaCase> metaCases() {
        return Stream.of(
                new MetaCase("ok", "default", true, NameRule.DNS1123_SUBDOMAIN, "app", List.of()),
                new MetaCase(null, "default", true, NameRule.DNS1123_SUBDOMAIN, "app", List.of("REQUIRED metadata.name")),
                new MetaCase("Bad", "default", true, NameRule.DNS1123_SUBDOMAIN, "app", List.of("INVALID metadata.name")),
                new MetaCase("a.b", "default", true, NameRule.DNS1035_LABEL, "app", List.of("INVALID metadata.name")),
                new MetaCase("ok", null, true, NameRule.DNS1123_SUBDOMAIN, "app", List.of("REQUIRED metadata.namespace")),
                new MetaCase("ok", "ns", false, NameRule.DNS1123_SUBDOMAIN, "app", List.of("FORBIDDEN metadata.namespace")),
                new MetaCase("ok", "default", true, NameRule.DNS1123_SUBDOMAIN, "a/b/c", List.of("INVALID metadata.labels")));
    }
}
