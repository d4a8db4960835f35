package io.kube4j.store.raft;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.util.MD5FileUtil;

/**
 * Writes and reads one snapshot file crash-safely: the content goes to a temporary file that is
 * fsynced, then atomically renamed into place, and the directory is fsynced; the MD5 checksum file
 * (Ratis' convention, also what a leader sends with the file when it installs the snapshot on a
 * follower) is written last. A crash at any point leaves either the old snapshot set or the new one;
 * Ratis ignores a snapshot file without its checksum when an older, checksummed one exists.
 *
 * <p>Stateless; callers serialize writes of one file.
 */
final class SnapshotFile {
  /** "K4JS": the first bytes of every kube4j snapshot. */
  static final int MAGIC = 0x4B344A53;
  static final int FORMAT_VERSION = 1;

  @FunctionalInterface
  interface Content {
    void writeTo(DataOutputStream out) throws IOException;
  }

  private SnapshotFile() {}

  /** Writes {@code content} to {@code target} atomically and durably; returns its MD5. */
  static MD5Hash write(File target, Content content) throws IOException {
    Path path = target.toPath();
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    MessageDigest md5 = MD5FileUtil.newMD5();
    try (FileOutputStream file = new FileOutputStream(tmp.toFile());
        DataOutputStream out = new DataOutputStream(
            new BufferedOutputStream(new DigestOutputStream(file, md5), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeByte(FORMAT_VERSION);
      content.writeTo(out);
      out.flush();
      file.getChannel().force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDirectory(path.getParent());
    MD5Hash digest = MD5Hash.newInstance(md5.digest());
    MD5FileUtil.saveMD5File(target, digest);
    fsyncDirectory(path.getParent());
    return digest;
  }

  /**
   * Opens a snapshot for reading, past its header, after checking the content against its stored
   * checksum (when the checksum file exists: Ratis accepts a snapshot without one only when it is all
   * there is).
   *
   * @throws IOException when the file is not a kube4j snapshot, of an unknown version, or corrupt
   */
  static DataInputStream open(File file) throws IOException {
    MD5Hash stored = MD5FileUtil.readStoredMd5ForFile(file);
    if (stored != null) {
      MD5Hash actual = MD5FileUtil.computeMd5ForFile(file);
      if (!stored.equals(actual)) {
        throw new IOException(file + ": corrupt snapshot, MD5 " + actual + " but " + stored + " was recorded");
      }
    }
    InputStream raw = Files.newInputStream(file.toPath());
    DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
    try {
      int magic = in.readInt();
      int version = in.readUnsignedByte();
      if (magic != MAGIC || version != FORMAT_VERSION) {
        throw new IOException(file + ": not a kube4j snapshot of format " + FORMAT_VERSION
            + " (magic " + Integer.toHexString(magic) + ", version " + version + ")");
      }
      return in;
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
