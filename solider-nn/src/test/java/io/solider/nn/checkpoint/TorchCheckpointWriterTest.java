package io.solider.nn.checkpoint;

import static io.solider.nn.checkpoint.CheckpointLayoutsTest.floats;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TorchCheckpointWriterTest {

  @TempDir
  Path dir;

  @Test
  void roundTripsTheReleaseBackboneBitExactly() throws IOException {
    Map<String, INDArray> backbone;
    try (StateDict sd = Checkpoints.readBackbone(CheckpointTestFiles.teacher())) {
      backbone = sd.materialize();
    }
    Map<String, Object> teacher = new LinkedHashMap<>();
    backbone.forEach((k, v) -> teacher.put("backbone." + k, v));
    Path out = dir.resolve("export.pth");
    TorchCheckpointWriter.write(Map.of("teacher", teacher), out);

    try (StateDict sd = Checkpoints.readBackbone(out)) {
      assertThat(sd.format()).isEqualTo(CheckpointFormat.TORCH_ZIP);
      assertThat(sd.tensors().keySet()).containsExactlyElementsOf(backbone.keySet());
      for (Map.Entry<String, INDArray> e : backbone.entrySet()) {
        INDArray got = sd.tensor(e.getKey()).toINDArray();
        assertThat(got.shape()).containsExactly(e.getValue().shape());
        assertThat(floats(got)).as(e.getKey()).containsExactly(floats(e.getValue()));
      }
    }
    assertThat(Files.list(dir)).containsExactly(out); // no temp file left behind
  }

  @Test
  void keepsTypesViewsScalarsAndPlainValues() throws IOException {
    INDArray base = Nd4j.linspace(DataType.FLOAT, -2, 0.25, 12).reshape(3, 4);
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("transposed", base.transpose());
    state.put("row", base.getRow(1));
    state.put("half", base.castTo(DataType.HALF));
    state.put("double", base.castTo(DataType.DOUBLE).mul(1.0 / 3));
    state.put("index", Nd4j.createFromArray(new long[] {84, 1L << 40, -7}));
    state.put("scalar", Nd4j.scalar(DataType.FLOAT, 2.5f));
    state.put("empty", Nd4j.create(DataType.FLOAT, 0, 3));
    state.put("epoch", 3);
    state.put("lr", 5e-4);
    state.put("arch", "swin_tiny");
    Path out = dir.resolve("mixed.pth");
    TorchCheckpointWriter.write(state, out);

    try (StateDict sd = Checkpoints.read(out)) {
      assertThat(sd.values()).containsEntry("epoch", 3L).containsEntry("lr", 5e-4).containsEntry("arch", "swin_tiny");
      assertThat(floats(sd.tensor("transposed").toINDArray())).containsExactly(floats(base.transpose()));
      assertThat(sd.tensor("transposed").shape()).containsExactly(4, 3);
      assertThat(floats(sd.tensor("row").toINDArray())).containsExactly(floats(base.getRow(1)));
      assertThat(sd.tensor("half").dtype()).isEqualTo(TensorDType.FLOAT16);
      assertThat(floats(sd.tensor("half").toINDArray())).containsExactly(floats(base));
      INDArray d = sd.tensor("double").toINDArray(DataType.DOUBLE);
      assertThat(d.dup('c').reshape(12).toDoubleVector()).containsExactly(base.castTo(DataType.DOUBLE).mul(1.0 / 3).reshape(12).toDoubleVector());
      assertThat(sd.tensor("index").toINDArray().toLongVector()).containsExactly(84, 1L << 40, -7);
      assertThat(sd.tensor("empty").shape()).containsExactly(0, 3);
      assertThat(sd.tensor("empty").toINDArray().isEmpty()).isTrue();
      assertThat(sd.tensor("scalar").shape()).isEmpty();
      assertThat(sd.tensor("scalar").toINDArray().getDouble(0)).isEqualTo(2.5);
    }
  }

  @Test
  void storesEntriesUncompressedAndAlignedTo64Bytes() throws IOException {
    Path out = dir.resolve("aligned.pth");
    TorchCheckpointWriter.write(Map.of("a", Nd4j.rand(DataType.FLOAT, 5, 7), "b", Nd4j.rand(DataType.FLOAT, 3)), out);
    try (ZipFile zip = ZipFile.builder().setPath(out).get(); FileChannel ch = FileChannel.open(out)) {
      assertThat(zip.getEntry("archive/version")).isNotNull();
      for (ZipArchiveEntry e : java.util.Collections.list(zip.getEntries())) {
        assertThat(e.getMethod()).isEqualTo(ZipArchiveEntry.STORED);
        ByteBuffer h = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(h, e.getLocalHeaderOffset());
        long data = e.getLocalHeaderOffset() + 30 + (h.getShort(26) & 0xffff) + (h.getShort(28) & 0xffff);
        assertThat(data % 64).as(e.getName()).isZero();
      }
    }
  }
}
