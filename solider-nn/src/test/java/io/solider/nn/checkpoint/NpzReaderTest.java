package io.solider.nn.checkpoint;

import static io.solider.nn.checkpoint.CheckpointLayoutsTest.floats;
import static org.assertj.core.api.Assertions.assertThat;

import io.solider.nn.io.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NpzReaderTest {

  @TempDir
  Path dir;

  @Test
  void readsCompressedEntriesAndFortranOrder() throws IOException {
    INDArray w = Nd4j.createFromArray(new float[][] {{1.5f, -2f, 3f}, {4f, 5.25f, -6f}});
    INDArray idx = Nd4j.createFromArray(new long[] {7, 1L << 35});
    Path f = dir.resolve("weights.npz");
    try (OutputStream os = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(os)) {
      zip.putNextEntry(new ZipEntry("stages.0.w.npy")); // DEFLATED, as numpy.savez_compressed writes
      Npy.write(w, zip);
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("idx.npy"));
      Npy.write(idx, zip);
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("fortran.npy"));
      zip.write(fortranNpy(new float[] {1.5f, 4f, -2f, 5.25f, 3f, -6f}));
      zip.closeEntry();
    }
    try (StateDict sd = Checkpoints.read(f)) {
      assertThat(sd.format()).isEqualTo(CheckpointFormat.NPZ);
      assertThat(sd.tensors().keySet()).containsExactly("stages.0.w", "idx", "fortran");
      assertThat(floats(sd.tensor("stages.0.w").toINDArray())).containsExactly(floats(w));
      assertThat(sd.tensor("idx").toINDArray().dataType()).isEqualTo(DataType.LONG);
      assertThat(sd.tensor("idx").toINDArray().toLongVector()).containsExactly(7, 1L << 35);
      assertThat(sd.tensor("fortran").isContiguous()).isFalse();
      assertThat(sd.tensor("fortran").shape()).containsExactly(2, 3);
      assertThat(floats(sd.tensor("fortran").toINDArray())).containsExactly(floats(w));
    }
  }

  /** A (2, 3) float32 .npy in Fortran order; {@code data} is column-major. */
  private static byte[] fortranNpy(float[] data) throws IOException {
    String h = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }";
    int pad = (64 - (10 + h.length() + 1) % 64) % 64;
    h = h + " ".repeat(pad) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length(), 0});
    out.write(h.getBytes(StandardCharsets.US_ASCII));
    ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : data) {
      b.putFloat(v);
    }
    out.write(b.array());
    return out.toByteArray();
  }
}
