package io.kube4j.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kube4j.apiserver.registry.BuiltinResources;
import io.kube4j.apiserver.schema.TypeModel;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real kubectl against our documents: {@code explain} (which reads the v3 document of the
 * resource's group-version) and {@code apply} (whose choice of server-side field validation reads
 * the PATCH operation's parameters). Skipped when the pinned kubectl binaries are not installed.
 */
class OpenApiKubectlIT {

    private static DiscoveryTestServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws IOException {
        TypeModel model = TypeModel.of(BuiltinResources.all());
        server = new DiscoveryTestServer(OpenApiDocuments.build(model, BuiltinResources.all()), BuiltinResources.all());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.32", "1.33"})
    void explainPodContainersListsTheContainerFields(String version) throws Exception {
        Result r = kubectl(version, "explain", "pods.spec.containers");
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("KIND:       Pod", "VERSION:    v1", "FIELD: containers <[]Container>")
                .contains("imagePullPolicy\t<string>", "name\t<string> -required-", "ports\t<[]ContainerPort>",
                        "resources\t<ResourceRequirements>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.32", "1.33"})
    void explainDeploymentStrategyListsRollingUpdate(String version) throws Exception {
        Result r = kubectl(version, "explain", "deployments.spec.strategy");
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("GROUP:      apps", "KIND:       Deployment", "FIELD: strategy <DeploymentStrategy>")
                .contains("rollingUpdate\t<RollingUpdateDeployment>", "type\t<string>");
    }

    @Test
    void explainShowsQuantityAndIntOrStringTypes() throws Exception {
        Result r = kubectl("1.33", "explain", "deployments.spec.strategy.rollingUpdate");
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("maxSurge\t<IntOrString>", "maxUnavailable\t<IntOrString>");
    }

    @Test
    void applyChoosesServerSideFieldValidation() throws Exception {
        Path pod = tmp.resolve("pod.yaml");
        Files.writeString(pod, """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                  namespace: default
                spec:
                  containers:
                  - name: c
                    image: busybox
                """);
        int before = server.podCreateQueries.size();
        Result r = kubectl("1.33", "apply", "-f", pod.toString());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(server.podCreateQueries.subList(before, server.podCreateQueries.size()))
                .as(r.output).singleElement().asString().contains("fieldValidation=Strict");
    }

    private record Result(int exit, String output) {
    }

    private Result kubectl(String version, String... args) throws IOException, InterruptedException {
        Path binary = kubectlBinary(version);
        assumeTrue(binary != null, "kubectl." + version + " is not installed");
        Path kubeconfig = tmp.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: %s
                contexts:
                - name: test
                  context:
                    cluster: test
                    namespace: default
                current-context: test
                users: []
                """.formatted(server.url()));
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", tmp.resolve("cache").toString()));
        System.out.println("kubectl." + version + " " + String.join(" ", args));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("HOME", tmp.toString());
        Process p = pb.start();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl timed out");
        }
        String output = new String(out, StandardCharsets.UTF_8);
        System.out.println(output);
        return new Result(p.exitValue(), output);
    }

    private static Path kubectlBinary(String version) {
        String pathEnv = System.getenv("PATH");
        if (pathEnv == null) {
            return null;
        }
        for (String dir : pathEnv.split(File.pathSeparator)) {
            Path k = Path.of(dir, "kubectl");
            if (Files.isExecutable(k)) {
                try {
                    Path pinned = k.toRealPath().getParent().resolve("kubectl." + version);
                    return Files.isExecutable(pinned) ? pinned : null;
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
