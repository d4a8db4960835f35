package io.kube4j.kubelet.staticpod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticPodManifestsTest {

    static final String WEB_YAML = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels:
                app: web
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
            """;

    static final String JSON = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"db","namespace":"kube-system"},
             "spec":{"containers":[{"name":"pg","image":"postgres:16"}],
                     "tolerations":[{"operator":"Exists","effect":"NoExecute"}]}}
            """;

    @Test
    void aStaticPodIsNamedForItsNodeAndMarkedAsFromAFile() {
        Pod pod = StaticPodManifests.parse(WEB_YAML, Path.of("/etc/kubernetes/manifests/web.yaml"), "Worker-1");
        assertThat(pod.getMetadata().getName()).isEqualTo("web-worker-1");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(pod.getSpec().getNodeName()).isEqualTo("Worker-1");
        assertThat(pod.getMetadata().getUid()).matches("[0-9a-f]{32}");
        assertThat(pod.getMetadata().getAnnotations())
                .containsEntry(StaticPodAnnotations.CONFIG_HASH, pod.getMetadata().getUid())
                .containsEntry(StaticPodAnnotations.CONFIG_SOURCE, "file");
        assertThat(pod.getMetadata().getLabels()).containsEntry("app", "web");
        assertThat(pod.getSpec().getTolerations()).singleElement()
                .satisfies(t -> {
                    assertThat(t.getOperator()).isEqualTo("Exists");
                    assertThat(t.getEffect()).isEqualTo("NoExecute");
                    assertThat(t.getKey()).isNull();
                });
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        // the apiserver's defaults are applied, as upstream's decoder does
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Always");
        assertThat(pod.getSpec().getContainers().getFirst().getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(StaticPodAnnotations.isStaticPod(pod)).isTrue();
    }

    @Test
    void theUidIsAHashOfContentNodeAndFile() {
        Path file = Path.of("/m/web.yaml");
        String uid = StaticPodManifests.parse(WEB_YAML, file, "n1").getMetadata().getUid();
        assertThat(StaticPodManifests.parse(WEB_YAML, file, "n1").getMetadata().getUid()).as("deterministic").isEqualTo(uid);
        assertThat(StaticPodManifests.parse(WEB_YAML, file, "n2").getMetadata().getUid()).as("per node").isNotEqualTo(uid);
        assertThat(StaticPodManifests.parse(WEB_YAML, Path.of("/m/other.yaml"), "n1").getMetadata().getUid()).as("per file").isNotEqualTo(uid);
        assertThat(StaticPodManifests.parse(WEB_YAML.replace("nginx:1.27", "nginx:1.28"), file, "n1").getMetadata().getUid())
                .as("per content").isNotEqualTo(uid);
        String withUid = WEB_YAML.replace("  name: web\n", "  name: web\n  uid: fixed-uid\n");
        assertThat(StaticPodManifests.parse(withUid, file, "n1").getMetadata().getUid()).as("a UID in the file is kept").isEqualTo("fixed-uid");
    }

    @Test
    void jsonWorksAndAnExistingNoExecuteTolerationIsNotDoubled() {
        Pod pod = StaticPodManifests.parse(JSON, Path.of("/m/db.json"), "n1");
        assertThat(pod.getMetadata().getName()).isEqualTo("db-n1");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(pod.getSpec().getTolerations()).hasSize(1);
    }

    @Test
    void invalidManifestsAreRejectedWithTheirFile() {
        Path f = Path.of("/m/bad.yaml");
        assertThatThrownBy(() -> StaticPodManifests.parse("", f, "n")).hasMessageContaining("bad.yaml");
        assertThatThrownBy(() -> StaticPodManifests.parse("{not yaml: [", f, "n")).hasMessageContaining("couldn't parse");
        assertThatThrownBy(() -> StaticPodManifests.parse(WEB_YAML.replace("kind: Pod", "kind: Deployment"), f, "n"))
                .hasMessageContaining("kind Pod");
        assertThatThrownBy(() -> StaticPodManifests.parse(WEB_YAML.replace("  name: web\n", ""), f, "n")).hasMessageContaining("metadata.name");
        assertThatThrownBy(() -> StaticPodManifests.parse(WEB_YAML.replace("    image: nginx:1.27\n", ""), f, "n"))
                .hasMessageContaining("invalid pod");
    }

    @Test
    void aDirectoryIsReadWithoutHiddenFilesOrSubdirectories(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("web.yaml"), WEB_YAML);
        Files.writeString(dir.resolve("db.json"), JSON);
        Files.writeString(dir.resolve(".web.yaml.swp"), "garbage");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/other.yaml"), WEB_YAML.replace("name: web", "name: other"));
        Files.writeString(dir.resolve("broken.yaml"), "kind: Nothing");

        List<StaticPodManifests.Result> results = StaticPodManifests.read(dir, "n1");

        assertThat(results).extracting(r -> r.file().getFileName().toString()).containsExactly("broken.yaml", "db.json", "web.yaml");
        assertThat(results.get(0)).isInstanceOf(StaticPodManifests.Result.Failed.class);
        assertThat(results.subList(1, 3)).allMatch(r -> r instanceof StaticPodManifests.Result.Parsed);
        assertThat(StaticPodManifests.read(dir.resolve("web.yaml"), "n1")).hasSize(1);
        assertThat(StaticPodManifests.read(dir.resolve("missing"), "n1")).isEmpty();
    }
}
