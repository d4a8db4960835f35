package io.kube4j.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a secret file (a token, a token-auth file) readable by its owner only, atomically: the
 * text goes to a sibling created 0600 and is then renamed over the target, so a reader never sees
 * half a token and the secret never exists with wider permissions. Stateless.
 */
final class PrivateFile {

  private PrivateFile() {
  }

  /** Replaces {@code file} with {@code text}, creating its parent directories; IO errors are thrown. */
  static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
