package io.solider.nn.checkpoint;

import io.solider.nn.io.FileKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Front door for reading checkpoints: detects the format from the first bytes and returns lazy
 * tensor references.
 *
 * <pre>{@code
 * try (StateDict sd = Checkpoints.readBackbone(path)) {
 *   INDArray w = sd.tensor("patch_embed.projection.weight").toINDArray();
 * }
 * }</pre>
 */
public final class Checkpoints {

  private static final byte[] ZIP = {'P', 'K', 3, 4};
  private static final byte[] EMPTY_ZIP = {'P', 'K', 5, 6};
  private static final String NOT_A_CHECKPOINT_ZIP =
      "zip archive has no data.pkl entry (not a torch.save checkpoint) and no .npy entries";

  private Checkpoints() {}

  /**
   * Opens a PyTorch (zip or legacy), {@code .npz} or {@code .safetensors} file. Nested dicts are
   * flattened with '.'; nothing but metadata is read until a tensor is materialised.
   *
   * @throws CheckpointException for any file that is missing, malformed or beyond the reader's
   *     limits (docs/SECURITY.md), with one line naming the file; never an unchecked exception
   */
  public static StateDict read(Path file) throws IOException {
    try {
      return readFormat(file);
    } catch (CheckpointException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      // The last line of defence: every refusal is a CheckpointException, also where no check named it.
      throw CheckpointException.unexpected(file, "malformed checkpoint", e);
    }
  }

  private static StateDict readFormat(Path file) throws IOException {
    CheckpointFormat format = detectByMagic(file);
    switch (format) {
      case TORCH_ZIP, NPZ -> {
        ZipRecords zip = ZipRecords.open(file);
        try {
          if (TorchZipReader.isTorchZip(zip)) {
            return TorchZipReader.read(zip);
          }
          if (NpzReader.isNpz(zip)) {
            return NpzReader.read(zip);
          }
          throw CheckpointException.of(file, NOT_A_CHECKPOINT_ZIP);
        } catch (IOException | RuntimeException e) {
          zip.close();
          throw e;
        }
      }
      case TORCH_LEGACY, SAFETENSORS -> {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
          return format == CheckpointFormat.SAFETENSORS ? SafetensorsReader.read(file, ch)
              : TorchLegacyReader.read(file, ch);
        } catch (IOException | RuntimeException e) {
          ch.close();
          throw e;
        }
      }
      default -> throw new IllegalStateException(format.toString());
    }
  }

  /**
   * Opens a checkpoint and keeps only the SOLIDER backbone tensors, under their bare names
   * ({@code patch_embed.*}, {@code stages.*}, {@code norm0..3.*}, {@code semantic_embed_w/b.*}):
   * unwraps {@code teacher} (preferred), {@code student}, {@code state_dict} or {@code model},
   * strips {@code module.} and {@code backbone.} prefixes, and drops the DINO head,
   * {@code relative_position_index} buffers and any other key.
   *
   * @throws CheckpointException naming the file and its top-level keys if no backbone tensor is found
   */
  public static StateDict readBackbone(Path file) throws IOException {
    StateDict all = read(file);
    try {
      return BackboneSelector.select(all);
    } catch (CheckpointException e) {
      all.close();
      throw e;
    }
  }

  /**
   * As {@link #readBackbone(Path)}, but takes the backbone from the given wrapper (e.g.
   * {@code "student"} of a pretraining checkpoint; {@code ""} for the bare dict) instead of
   * choosing one.
   */
  public static StateDict readBackbone(Path file, String wrapper) throws IOException {
    StateDict all = read(file);
    try {
      return BackboneSelector.select(all, wrapper);
    } catch (CheckpointException e) {
      all.close();
      throw e;
    }
  }

  /**
   * Opens a checkpoint, reads its backbone tensors ({@link #readBackbone}) as float32 arrays and
   * closes it.
   */
  public static Map<String, INDArray> loadBackbone(Path file) throws IOException {
    try (StateDict sd = readBackbone(file)) {
      return sd.materialize();
    }
  }

  /**
   * Recognises the format from the first bytes (for zip files, from the entry names); fails
   * naming the file if it is none of the supported ones.
   */
  public static CheckpointFormat detect(Path file) throws IOException {
    CheckpointFormat f = detectByMagic(file);
    if (f != CheckpointFormat.TORCH_ZIP) {
      return f;
    }
    try (ZipRecords zip = ZipRecords.open(file)) {
      if (TorchZipReader.isTorchZip(zip)) {
        return CheckpointFormat.TORCH_ZIP;
      }
      if (NpzReader.isNpz(zip)) {
        return CheckpointFormat.NPZ;
      }
    }
    throw CheckpointException.of(file, NOT_A_CHECKPOINT_ZIP);
  }

  /** Zip files come back as {@link CheckpointFormat#TORCH_ZIP}: torch and npz differ only inside. */
  private static CheckpointFormat detectByMagic(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new CheckpointException("checkpoint file not found: " + file);
    }
    if (Files.isDirectory(file)) {
      throw CheckpointException.of(file, "is a directory, not a checkpoint file");
    }
    FileKind kind = FileKind.of(file);
    if (kind != FileKind.REGULAR) {
      throw CheckpointException.of(file, "is " + kind.description() + ", not a checkpoint file");
    }
    byte[] head = new byte[16];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    byte[] h = Arrays.copyOf(head, n);
    if (startsWith(h, ZIP) || startsWith(h, EMPTY_ZIP)) {
      return CheckpointFormat.TORCH_ZIP;
    }
    if (startsWith(h, TorchLegacyReader.HEAD)) {
      return CheckpointFormat.TORCH_LEGACY;
    }
    if (n >= 9 && h[8] == '{') {
      long len = ByteBuffer.wrap(h, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (len > 0 && len <= SafetensorsReader.MAX_HEADER) {
        return CheckpointFormat.SAFETENSORS;
      }
    }
    if (n == 0) {
      throw CheckpointException.of(file, "not a checkpoint (empty file)");
    }
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(n, 8); i++) {
      hex.append(String.format("%02x ", h[i] & 0xff));
    }
    throw CheckpointException.of(file, "not a checkpoint (unknown format; first bytes " + hex.toString().trim()
        + "; expected a PyTorch zip or legacy file, .npz or .safetensors)");
  }

  private static boolean startsWith(byte[] h, byte[] prefix) {
    if (h.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (h[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
