package io.kube4j.server;

import io.kube4j.runtime.ImageStatus;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.image.ImageStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kube4j images}: a node's image store from the command line, also while the node runs
 * (the store's index is shared between processes under a file lock): {@code import} OCI layouts
 * and docker-archive tarballs (for air-gapped hosts), {@code list}, {@code remove}.
 */
@Command(
    name = "images",
    mixinStandardHelpOptions = true,
    versionProvider = Kube4jVersion.class,
    description = "Import, list and remove the images of a node.",
    subcommands = {ImagesSubcommand.Import.class, ImagesSubcommand.ListImages.class, ImagesSubcommand.Remove.class})
final class ImagesSubcommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /** The node data dir flag every images subcommand takes. */
  static class NodeDir {
    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "The node's data dir, as given to 'kube4j kubelet --data-dir' (default: /var/lib/kube4j/agent as root, "
            + "else ~/.kube4j/agent; 'kube4j server --data-dir D' keeps its node's in D/agent).")
    Path dataDir;

    ImageStore open() {
      Path dir = dataDir != null ? dataDir : AgentDefaults.dataDir(ServerDefaults.forCurrentUser().dataDir());
      // A server's data dir holds its node's state under agent/.
      if (Files.isDirectory(dir.resolve("agent").resolve(ImageStore.DIRECTORY_IN_DATA_DIR))) {
        dir = dir.resolve("agent");
      }
      return new ImageStore(dir.resolve(ImageStore.DIRECTORY_IN_DATA_DIR));
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true, description = "Import OCI image layouts (directories or tars) and docker-archive tarballs.")
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin NodeDir node = new NodeDir();

    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int failed = 0;
      try (ImageStore store = node.open()) {
        for (Path file : files) {
          try {
            for (ImageStatus image : store.importArchive(file)) {
              out.println("imported " + (image.repoTags().isEmpty() ? image.id() : String.join(", ", image.repoTags())) + " (" + image.id() + ")");
            }
          } catch (RuntimeFailure | java.io.UncheckedIOException e) {
            err.println("Error: " + file + ": " + e.getMessage());
            failed++;
          }
        }
      }
      out.flush();
      return failed == 0 ? 0 : 1;
    }
  }

  @Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, description = "List the node's images.")
  static final class ListImages implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin NodeDir node = new NodeDir();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (ImageStore store = node.open()) {
        out.printf("%-60s %-19s %10s%n", "IMAGE", "ID", "SIZE");
        for (ImageStatus image : store.list()) {
          String id = image.id().substring(image.id().indexOf(':') + 1, Math.min(image.id().length(), image.id().indexOf(':') + 13));
          List<String> names = image.repoTags().isEmpty() ? List.of("<none>") : image.repoTags();
          for (String name : names) {
            out.printf("%-60s %-19s %10s%n", name, id, human(image.sizeBytes()));
          }
        }
      }
      out.flush();
      return 0;
    }

    private static String human(long bytes) {
      return bytes >= 1 << 20 ? String.format("%.1fMB", bytes / 1048576.0) : String.format("%.1fkB", bytes / 1024.0);
    }
  }

  @Command(name = "remove", aliases = "rm", mixinStandardHelpOptions = true, description = "Remove images by reference or id.")
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin NodeDir node = new NodeDir();

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images = new ArrayList<>();

    @Override
    public Integer call() {
      int missing = 0;
      try (ImageStore store = node.open()) {
        for (String image : images) {
          if (store.image(image).isEmpty()) {
            spec.commandLine().getErr().println("Error: no such image: " + image);
            missing++;
            continue;
          }
          store.remove(image);
          spec.commandLine().getOut().println("removed " + image);
        }
      }
      spec.commandLine().getOut().flush();
      return missing == 0 ? 0 : 1;
    }
  }
}
