package io.kube4j.store.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.ratis.util.MD5FileUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {
  @TempDir Path dir;

  @Test
  void writesAtomicallyWithChecksumAndReadsBack() throws IOException {
    File file = dir.resolve("snapshot.3_42").toFile();
    var md5 = SnapshotFile.write(file, out -> {
      out.writeLong(42);
      out.writeUTF("state");
    });
    assertThat(MD5FileUtil.readStoredMd5ForFile(file)).isEqualTo(md5);
    try (Stream files = new Stream(dir)) {
      assertThat(files.names()).containsExactlyInAnyOrder("snapshot.3_42", "snapshot.3_42.md5");
    }
    try (DataInputStream in = SnapshotFile.open(file)) {
      assertThat(in.readLong()).isEqualTo(42);
      assertThat(in.readUTF()).isEqualTo("state");
    }
  }

  @Test
  void refusesACorruptedFile() throws IOException {
    File file = dir.resolve("snapshot.1_7").toFile();
    SnapshotFile.write(file, out -> out.write(new byte[4096]));
    try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
      raf.seek(1000);
      raf.write(1);
    }
    assertThatThrownBy(() -> SnapshotFile.open(file)).isInstanceOf(IOException.class).hasMessageContaining("corrupt");
  }

  @Test
  void refusesAFileThatIsNotASnapshot() throws IOException {
    File file = dir.resolve("snapshot.1_8").toFile();
    Files.write(file.toPath(), new byte[] {1, 2, 3, 4, 5, 6});
    assertThatThrownBy(() -> SnapshotFile.open(file)).isInstanceOf(IOException.class)
        .hasMessageContaining("not a kube4j snapshot");
  }

  @Test
  void aFailedWriteLeavesNothingBehind() {
    File file = dir.resolve("snapshot.1_9").toFile();
    assertThatThrownBy(() -> SnapshotFile.write(file, out -> {
      out.writeInt(1);
      throw new IOException("disk full");
    })).hasMessage("disk full");
    assertThat(dir.toFile().list()).isEmpty();
  }

  private record Stream(Path dir) implements AutoCloseable {
    java.util.List<String> names() throws IOException {
      try (var files = Files.list(dir)) {
        return files.map(p -> p.getFileName().toString()).toList();
      }
    }

    @Override
    public void close() {}
  }
}
