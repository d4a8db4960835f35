package io.kube4j.server;

import picocli.CommandLine.IVersionProvider;

/** The version of this build, read from the server jar's manifest ({@code dev} when run from classes). */
public final class Kube4jVersion implements IVersionProvider {

  /** The kube4j version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code dev} outside a packaged jar. */
  public static String version() {
    String fromManifest = Kube4jVersion.class.getPackage().getImplementationVersion();
    return fromManifest == null ? "dev" : fromManifest;
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "kube4j " + version(),
      "java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
      "os " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
    };
  }
}
