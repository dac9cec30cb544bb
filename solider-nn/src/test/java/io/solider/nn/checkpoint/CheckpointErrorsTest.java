package io.solider.nn.checkpoint;

import static io.solider.nn.checkpoint.CheckpointTestFiles.layout;
import static io.solider.nn.checkpoint.CheckpointTestFiles.teacher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Every failure is a one-line {@link CheckpointException} naming the file and the problem. */
class CheckpointErrorsTest {

  @TempDir
  Path dir;

  @Test
  void missingFile() {
    Path f = dir.resolve("nope.pth");
    assertThatThrownBy(() -> Checkpoints.readBackbone(f)).isInstanceOf(CheckpointException.class)
        .hasMessage("checkpoint file not found: " + f);
  }

  @Test
  void unknownMagic() throws IOException {
    Path f = Files.writeString(dir.resolve("notes.pth"), "hello, not a checkpoint");
    assertThatThrownBy(() -> Checkpoints.read(f)).isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith(f + ": not a checkpoint (unknown format; first bytes 68 65 6c 6c");
    Path empty = Files.write(dir.resolve("empty.pth"), new byte[0]);
    assertThatThrownBy(() -> Checkpoints.read(empty)).hasMessage(empty + ": not a checkpoint (empty file)");
  }

  @Test
  void truncatedZip() throws IOException {
    byte[] all = Files.readAllBytes(teacher());
    Path f = Files.write(dir.resolve("cut.pth"), Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> Checkpoints.read(f)).isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith(f + ": corrupt or truncated zip archive");
  }

  @Test
  void zipWithoutDataPkl() throws IOException {
    Path f = rewrite("nopkl.pth", (name, bytes) -> name.endsWith("data.pkl") ? null : bytes);
    assertThatThrownBy(() -> Checkpoints.read(f)).isInstanceOf(CheckpointException.class)
        .hasMessage(f + ": zip archive has no data.pkl entry (not a torch.save checkpoint) and no .npy entries");
  }

  @Test
  void missingStorageRecord() throws IOException {
    Path f = rewrite("norecord.pth", (name, bytes) -> name.equals("teacher_ckpt/data/5") ? null : bytes);
    assertThatThrownBy(() -> Checkpoints.readBackbone(f)).isInstanceOf(CheckpointException.class)
        .hasMessage(f + ": storage record 'teacher_ckpt/data/5' is missing (referenced by data.pkl)");
  }

  @Test
  void storageShorterThanItsTensor() throws IOException {
    Path f = rewrite("short.pth", (name, bytes) -> name.equals("teacher_ckpt/data/0") ? Arrays.copyOf(bytes, 100) : bytes);
    assertThatThrownBy(() -> Checkpoints.readBackbone(f)).isInstanceOf(CheckpointException.class)
        .hasMessage(f + ": storage record 'teacher_ckpt/data/0' holds 100 bytes but tensor "
            + "'teacher.backbone.patch_embed.projection.weight' [16, 3, 4, 4] FLOAT32 needs 3072");
  }

  @Test
  void forbiddenGlobal() {
    Path f = layout("malicious.pth");
    assertThatThrownBy(() -> Checkpoints.readBackbone(f)).isInstanceOf(CheckpointException.class)
        .hasMessage(f + ": refusing pickle global 'os.system' in malicious/data.pkl: not part of a state dict");
  }

  @Test
  void noBackboneTensors() throws IOException {
    Path f = dir.resolve("other.pth");
    TorchCheckpointWriter.write(Map.of("classifier", Map.of("fc.weight", Nd4j.ones(DataType.FLOAT, 2, 2))), f);
    assertThatThrownBy(() -> Checkpoints.readBackbone(f)).isInstanceOf(CheckpointException.class)
        .hasMessage(f + ": no backbone tensors found (top-level keys: [classifier])");
  }

  @Test
  void truncatedLegacyAndSafetensorsFiles() throws IOException {
    byte[] legacy = Files.readAllBytes(layout("legacy.pth"));
    Path l = Files.write(dir.resolve("legacy_cut.pth"), Arrays.copyOf(legacy, legacy.length - 1000));
    assertThatThrownBy(() -> Checkpoints.read(l)).isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith(l + ": truncated legacy checkpoint: storage '");
    byte[] st = Files.readAllBytes(layout("backbone.safetensors"));
    Path s = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(st, st.length - 1000));
    assertThatThrownBy(() -> Checkpoints.read(s)).isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith(s + ": truncated safetensors file: tensor '");
  }

  @Test
  void materialisingAfterCloseSaysSo() throws IOException {
    TensorRef t;
    try (StateDict sd = Checkpoints.readBackbone(teacher())) {
      t = sd.tensor("norm0.weight");
    }
    assertThatThrownBy(t::toINDArray).isInstanceOf(CheckpointException.class)
        .hasMessage(teacher() + ": checkpoint already closed; materialise tensors before closing it");
  }

  @Test
  void messagesAreSingleLines() throws IOException {
    Path f = Files.writeString(dir.resolve("x.pth"), "junk junk junk junk");
    assertThatThrownBy(() -> Checkpoints.read(f)).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  /** Copies the release checkpoint's zip, transforming or dropping (null) entries. */
  private Path rewrite(String name, BiFunction<String, byte[], byte[]> change) throws IOException {
    Path out = dir.resolve(name);
    try (ZipFile in = new ZipFile(teacher().toFile()); OutputStream os = Files.newOutputStream(out);
        ZipOutputStream zos = new ZipOutputStream(os)) {
      for (ZipEntry e : Collections.list(in.entries())) {
        byte[] bytes;
        try (InputStream is = in.getInputStream(e)) {
          bytes = is.readAllBytes();
        }
        byte[] changed = change.apply(e.getName(), bytes);
        if (changed != null) {
          zos.putNextEntry(new ZipEntry(e.getName()));
          zos.write(changed);
          zos.closeEntry();
        }
      }
    }
    return out;
  }
}
