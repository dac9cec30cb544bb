package io.solider.nn.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class SafetensorsReaderTest {

  @TempDir
  Path dir;

  @Test
  void readsBfloat16AndMetadata() throws IOException {
    // bfloat16 is the upper half of a float32: 1.5 = 0x3fc0, -2 = 0xc000, 0.15625 = 0x3e20
    ByteBuffer data = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN)
        .putShort((short) 0x3fc0).putShort((short) 0xc000).putShort((short) 0x3e20);
    Path f = write("{\"__metadata__\":{\"format\":\"pt\"},"
        + "\"norm0.weight\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,6]}}", data.array());
    try (StateDict sd = Checkpoints.read(f)) {
      assertThat(sd.format()).isEqualTo(CheckpointFormat.SAFETENSORS);
      assertThat(sd.values()).containsEntry("__metadata__.format", "pt");
      TensorRef t = sd.tensor("norm0.weight");
      assertThat(t.dtype()).isEqualTo(TensorDType.BFLOAT16);
      assertThat(t.toINDArray().dataType()).isEqualTo(DataType.FLOAT);
      assertThat(t.toINDArray().toFloatVector()).containsExactly(1.5f, -2f, 0.15625f);
    }
  }

  @Test
  void rejectsOffsetsThatDisagreeWithTheShape() throws IOException {
    Path f = write("{\"x\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", new byte[16]);
    assertThatThrownBy(() -> Checkpoints.read(f)).isInstanceOf(CheckpointException.class)
        .hasMessage(f + ": tensor 'x' has data_offsets [0, 12] but its shape and dtype need 16 bytes");
  }

  private Path write(String header, byte[] data) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
    out.write(h);
    out.write(data);
    return Files.write(dir.resolve("m.safetensors"), out.toByteArray());
  }
}
