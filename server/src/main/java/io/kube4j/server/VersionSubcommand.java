package io.kube4j.server;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kube4j version}: prints the build's version, the Java runtime and the OS. */
@Command(name = "version", description = "Print the kube4j version.")
final class VersionSubcommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    for (String line : new Kube4jVersion().getVersion()) {
      out.println(line);
    }
    out.flush();
  }
}
