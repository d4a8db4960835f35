package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.kubelet.KubeletSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kube4j hollow-nodes}' flags, names, pod ranges and per-node settings, without a cluster. */
class HollowNodesSubcommandTest {

  @TempDir Path dir;

  @Test
  void nodeIGetsItsOwnSlash24InTenDot128Up() {
    assertThat(HollowNodesSubcommand.podCidr(0)).isEqualTo("10.128.0.0/24");
    assertThat(HollowNodesSubcommand.podCidr(255)).isEqualTo("10.128.255.0/24");
    assertThat(HollowNodesSubcommand.podCidr(256)).isEqualTo("10.129.0.0/24");
    assertThat(HollowNodesSubcommand.podCidr(999)).isEqualTo("10.131.231.0/24");
    assertThat(HollowNodesSubcommand.podCidr(HollowNodesSubcommand.MAX_COUNT - 1)).isEqualTo("10.255.255.0/24");
  }

  @Test
  void eachNodeIsSimulatedWithItsNameDataDirAndPodCidrAndNoServerFiles() {
    HollowNodesSubcommand command = parse("--kubeconfig", "k.yaml", "--count", "3", "--name-prefix", "hn");
    KubeletSettings s = command.settings(dir, 2);
    assertThat(s.nodeName()).isEqualTo("hn-2");
    assertThat(s.dataDir()).isEqualTo(dir.resolve("hn-2"));
    assertThat(s.podCidr()).isEqualTo("10.128.2.0/24");
    assertThat(s.containerRuntime()).isEqualTo(KubeletSettings.SIMULATED);
    assertThat(s.podManifestPath()).isNull();
    assertThat(s.imagesImportDir()).isNull();
  }

  @Test
  void eachNodeIsItsOwnHostnameAsKubemarksHollowNode() {
    HollowNodesSubcommand command = parse("--kubeconfig", "k.yaml", "--count", "3", "--name-prefix", "hn");
    assertThat(command.settings(dir, 0).nodeLabels()).containsEntry("kubernetes.io/hostname", "hn-0");
    assertThat(command.settings(dir, 2).nodeLabels()).containsEntry("kubernetes.io/hostname", "hn-2");
  }

  @Test
  void capacityOverridesReachEveryNodeAndDefaultToNone() {
    HollowNodesSubcommand command = parse("--kubeconfig", "k.yaml", "--count", "2", "--capacity", "cpu=4,memory=32Gi",
        "--capacity", "pods=200");
    assertThat(command.settings(dir, 1).capacityOverrides())
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("cpu", "4", "memory", "32Gi", "pods", "200"));
    assertThat(parse("--kubeconfig", "k.yaml", "--count", "1").settings(dir, 0).capacityOverrides()).isEmpty();
  }

  @Test
  void theDefaultPrefixIsKubemarks() {
    assertThat(parse("--kubeconfig", "k.yaml", "--count", "1").nodeName(7)).isEqualTo("hollow-node-7");
  }

  @Test
  void kubeconfigAndCountAreRequired() {
    assertThatThrownBy(() -> parse("--count", "3")).isInstanceOf(CommandLine.MissingParameterException.class);
    assertThatThrownBy(() -> parse("--kubeconfig", "k.yaml")).isInstanceOf(CommandLine.MissingParameterException.class);
  }

  @Test
  void badValuesAreRefusedBeforeAnythingStarts() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("k.yaml"), "apiVersion: v1\n");
    for (String[] args : new String[][] {
        {"--count", "0"}, {"--count", Integer.toString(HollowNodesSubcommand.MAX_COUNT + 1)},
        {"--count", "2", "--parallelism", "0"}, {"--count", "2", "--name-prefix", "Bad_Prefix"},
        {"--count", "2", "--capacity", "cpu=four"}, {"--count", "2", "--capacity", "Bad Name=4"}}) {
      String[] full = new String[args.length + 2];
      full[0] = "--kubeconfig";
      full[1] = kubeconfig.toString();
      System.arraycopy(args, 0, full, 2, args.length);
      HollowNodesSubcommand command = parse(full);
      assertThatThrownBy(() -> command.runUntil(new CountDownLatch(0), null))
          .as(String.join(" ", args)).isInstanceOf(CommandLine.ParameterException.class);
    }
    HollowNodesSubcommand missing = parse("--kubeconfig", dir.resolve("absent.yaml").toString(), "--count", "1");
    assertThatThrownBy(() -> missing.runUntil(new CountDownLatch(0), null))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("absent.yaml");
  }

  @Test
  void isRegisteredInTheLauncher() {
    assertThat(Kube4j.commandLine().getSubcommands()).containsKey("hollow-nodes");
  }

  private static HollowNodesSubcommand parse(String... args) {
    HollowNodesSubcommand command = new HollowNodesSubcommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }
}
