package io.solider.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NpyTest {

  @Test
  void writeThenReadIsExactForEveryType(@TempDir Path dir) throws Exception {
    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.LONG, DataType.INT, DataType.UBYTE}) {
      INDArray a = Nd4j.linspace(1, 24, 24, DataType.DOUBLE).reshape(2, 3, 4).castTo(t);
      Path f = dir.resolve(t + ".npy");
      Npy.write(a, f);
      INDArray b = Npy.read(f);
      assertThat(b.dataType()).isEqualTo(t);
      assertThat(b).isEqualTo(a);
    }
  }

  @Test
  void readsTheReleaseFixtureHeaderAndAViewWritesItsOwnValues(@TempDir Path dir) throws Exception {
    INDArray a = Nd4j.linspace(0, 11, 12, DataType.FLOAT).reshape(3, 4);
    INDArray view = a.transpose();
    Npy.write(view, dir.resolve("t.npy"));
    assertThat(Npy.read(dir.resolve("t.npy"))).isEqualTo(view.dup('c'));
  }

  @Test
  void streamWriterProducesOneArrayFromBatches(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("s.npy");
    try (NpyStreamWriter w = new NpyStreamWriter(f, 2, 3)) {
      w.append(Nd4j.ones(DataType.FLOAT, 4, 2, 3));
      w.append(Nd4j.zeros(DataType.FLOAT, 1, 2, 3));
      assertThat(Files.exists(f)).as("appears only when complete").isFalse();
    }
    INDArray r = Npy.read(f);
    assertThat(r.shape()).containsExactly(5, 2, 3);
    assertThat(r.sumNumber().intValue()).isEqualTo(24);
    assertThat(Files.list(dir)).containsExactly(f);
  }

  @Test
  void brokenFilesAreNamed(@TempDir Path dir) throws Exception {
    Path junk = dir.resolve("junk.npy");
    Files.writeString(junk, "hello world, not numpy");
    assertThatThrownBy(() -> Npy.read(junk)).hasMessageContaining("junk.npy").hasMessageContaining("not an .npy file");
    Path full = dir.resolve("full.npy");
    Npy.write(Nd4j.ones(DataType.FLOAT, 10, 10), full);
    byte[] bytes = Files.readAllBytes(full);
    Path cut = dir.resolve("cut.npy");
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 40));
    assertThatThrownBy(() -> Npy.read(cut)).hasMessageContaining("cut.npy").hasMessageContaining("truncated");
    assertThatThrownBy(() -> Npy.read(dir.resolve("none.npy"))).hasMessageContaining("none.npy");
  }
}
