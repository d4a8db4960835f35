package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.runtime.image.ImageStore;
import io.kube4j.runtime.testing.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kube4j images}: an OCI layout and a tar of one imported into a node's store, listed, removed. */
class ImagesSubcommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = Kube4j.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void importsListsAndRemovesImagesOfANodesDataDir(@TempDir Path dir) throws Exception {
    TestImages.assumeBusybox();
    Path layout = TestImages.busyboxLayout(dir.resolve("layout"));
    Path tar = TestImages.tar(layout, dir.resolve("busybox.tar"));
    Path node = dir.resolve("node");

    assertThat(run("images", "import", "--data-dir", node.toString(), tar.toString())).isEqualTo(0);
    assertThat(out.toString()).contains("imported " + TestImages.BUSYBOX);
    try (ImageStore store = new ImageStore(node.resolve(ImageStore.DIRECTORY_IN_DATA_DIR))) {
      assertThat(store.image(TestImages.BUSYBOX)).isPresent();
      assertThat(store.unpacked(TestImages.BUSYBOX).orElseThrow().layers()).isNotEmpty();
    }

    assertThat(run("images", "list", "--data-dir", node.toString())).isEqualTo(0);
    assertThat(out.toString()).contains(TestImages.BUSYBOX);

    assertThat(run("images", "rm", "--data-dir", node.toString(), TestImages.BUSYBOX)).isEqualTo(0);
    assertThat(run("images", "rm", "--data-dir", node.toString(), TestImages.BUSYBOX)).isEqualTo(1);
    assertThat(err.toString()).contains("no such image: " + TestImages.BUSYBOX);
  }

  @Test
  void aFileThatIsNoImageFailsWithItsName(@TempDir Path dir) throws Exception {
    Path junk = java.nio.file.Files.writeString(dir.resolve("junk.tar"), "not a tar");
    assertThat(run("images", "import", "--data-dir", dir.resolve("node").toString(), junk.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("Error: " + junk);
  }

  @Test
  void aServersDataDirMeansItsNodesStore(@TempDir Path dir) throws Exception {
    TestImages.assumeBusybox();
    Path server = dir.resolve("server");
    java.nio.file.Files.createDirectories(server.resolve("agent/images"));
    Path layout = TestImages.busyboxLayout(dir.resolve("layout"));
    assertThat(run("images", "import", "--data-dir", server.toString(), layout.toString())).isEqualTo(0);
    try (ImageStore store = new ImageStore(server.resolve("agent/images"))) {
      assertThat(store.image(TestImages.BUSYBOX)).isPresent();
    }
  }
}
