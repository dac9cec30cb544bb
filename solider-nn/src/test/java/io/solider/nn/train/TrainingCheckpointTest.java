package io.solider.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.nn.checkpoint.TorchCheckpointWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TrainingCheckpointTest {

  @TempDir Path dir;

  @Test
  void writesAndReadsPositionConfigAndNamedParts() throws Exception {
    Path f = dir.resolve("checkpoint.pth");
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("model", Map.of("fc.weight", Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}}),
        "bn.num_batches_tracked", Nd4j.scalar(DataType.LONG, 7)));
    parts.put("optimizer", Map.of("momentum_buffer", Map.of("fc.weight", Nd4j.ones(DataType.FLOAT, 2, 2))));
    TrainingCheckpoint.write(f, "toy", 3, new Position(2, 5, 17), 99, "{\"epochs\":4}", parts);
    TrainingCheckpoint.Contents c = TrainingCheckpoint.read(f, "toy", 3);
    assertThat(c.next()).isEqualTo(new Position(2, 5, 17));
    assertThat(c.seed()).isEqualTo(99);
    assertThat(c.config()).isEqualTo("{\"epochs\":4}");
    Map<String, INDArray> model = c.part("model");
    assertThat(model.keySet()).containsExactlyInAnyOrder("fc.weight", "bn.num_batches_tracked");
    assertThat(model.get("fc.weight").toFloatMatrix()).isEqualTo(new float[][] {{1, 2}, {3, 4}});
    assertThat(model.get("bn.num_batches_tracked").dataType()).isEqualTo(DataType.LONG);
    assertThat(c.part("optimizer.momentum_buffer")).containsOnlyKeys("fc.weight");
  }

  @Test
  void refusesAnotherTasksCheckpointAnotherVersionAndModelFiles() throws Exception {
    Path f = dir.resolve("c.pth");
    TrainingCheckpoint.write(f, "reid", 2, Position.START, 1, "{}", Map.of());
    assertThatThrownBy(() -> TrainingCheckpoint.read(f, "pretrain", 2))
        .hasMessage(f + ": a reid training checkpoint, not a pretrain one");
    assertThatThrownBy(() -> TrainingCheckpoint.read(f, "reid", 3))
        .hasMessage(f + ": reid checkpoint layout version 2, this build reads version 3");
    Path model = dir.resolve("model.pth");
    TorchCheckpointWriter.write(Map.of("fc.weight", Nd4j.ones(DataType.FLOAT, 1)), model);
    assertThatThrownBy(() -> TrainingCheckpoint.read(model, "reid", 2))
        .hasMessageStartingWith(model + ": not a solider-dl4j training checkpoint");
  }
}
