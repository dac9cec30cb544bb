package io.solider.tasks.parsing.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.common.DatasetFormatException;
import io.solider.tasks.parsing.ParsingReference;
import io.solider.tasks.parsing.data.LabelPng;
import io.solider.tasks.parsing.data.PartMask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * parsing-eval against the release's compute_mean_ioU on constructed PNG folders
 * (make_eval_reference.py): every number equal to the last bit.
 */
class ParsingEvaluatorTest {

  static Stream<String> cases() {
    Iterator<String> it = ParsingReference.json("eval/expected.json").fieldNames();
    Stream.Builder<String> b = Stream.builder();
    it.forEachRemaining(b::add);
    return b.build();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesTheReleaseBitForBit(String name) throws Exception {
    JsonNode exp = ParsingReference.json("eval/expected.json").get(name);
    Path dir = ParsingReference.path("eval/" + name);
    ParsingEvaluation e = new ParsingEvaluator(exp.get("num_classes").asInt()).evaluateFolders(dir.resolve("gt"), dir.resolve("pred"));
    Map<String, Object> json = e.toJson();
    assertThat(json.keySet()).containsExactly("pixel_accuracy", "mean_accuracy", "mIoU", "per_class_IoU");
    if (exp.get("pixel_accuracy").isNull()) {
      assertThat(e.pixelAccuracy()).isNaN();
      assertThat(json.get("pixel_accuracy")).isNull();
    } else {
      assertThat(e.pixelAccuracy()).isEqualTo(exp.get("pixel_accuracy").asDouble());
    }
    assertThat(e.meanAccuracy()).isEqualTo(exp.get("mean_accuracy").asDouble());
    assertThat(e.meanIoU()).isEqualTo(exp.get("mIoU").asDouble());
    assertThat(e.perClassIoU()).containsExactly(ParsingReference.doubles(exp.get("per_class_IoU")));
  }

  @Test
  void absentClassesCountAsZeroInTheMeans() {
    ConfusionMatrix m = new ConfusionMatrix(4);
    m.add(new int[] {0, 0, 1, 255}, new int[] {0, 1, 1, 3});
    ParsingEvaluation e = ParsingEvaluation.of(m, 1);
    // IoU: class 0 1/2, class 1 1/2, classes 2 and 3 absent from both → 0; mean over 4 classes.
    assertThat(e.perClassIoU()).containsExactly(50.0, 50.0, 0.0, 0.0);
    assertThat(e.meanIoU()).isEqualTo(25.0);
    assertThat(e.pixelAccuracy()).isEqualTo((2.0 / 3) * 100);
    assertThat(e.meanAccuracy()).isEqualTo(37.5);
  }

  @Test
  void predictionsPastTheLastClassSpillIntoTheNextRow() {
    ConfusionMatrix m = new ConfusionMatrix(20);
    m.add(new int[] {3, 19, 25}, new int[] {21, 20, 0});
    assertThat(m.count(4, 1)).isEqualTo(1); // 3·20 + 21 = 81 = (4, 1)
    assertThat(m.counts()).containsOnly(0L, 1L);
    assertThat(java.util.Arrays.stream(m.counts()).sum()).isEqualTo(1); // 19·20+20 and 25·20 are past the end
  }

  @Test
  void missingPredictionIsNamed(@TempDir Path dir) throws Exception {
    Path gt = Files.createDirectories(dir.resolve("gt"));
    Path pred = Files.createDirectories(dir.resolve("pred"));
    LabelPng.writePalette(new PartMask(3, 2, new int[6]), gt.resolve("a.png"));
    assertThatThrownBy(() -> new ParsingEvaluator(20).evaluateFolders(gt, pred))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining(pred.resolve("a.png").toString())
        .hasMessageContaining("missing prediction");
  }

  @Test
  void predictionOfAnotherSizeIsNamed(@TempDir Path dir) throws Exception {
    Path gt = Files.createDirectories(dir.resolve("gt"));
    Path pred = Files.createDirectories(dir.resolve("pred"));
    LabelPng.writePalette(new PartMask(3, 2, new int[6]), gt.resolve("a.png"));
    LabelPng.writePalette(new PartMask(2, 3, new int[6]), pred.resolve("a.png"));
    assertThatThrownBy(() -> new ParsingEvaluator(20).evaluateFolders(gt, pred))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining(pred.resolve("a.png").toString())
        .hasMessageContaining("prediction is 2×3 but its ground truth a.png is 3×2");
  }

  @Test
  void emptyGroundTruthFolderIsAnError(@TempDir Path dir) throws Exception {
    Path gt = Files.createDirectories(dir.resolve("gt"));
    Files.writeString(gt.resolve("notes.txt"), "x");
    assertThatThrownBy(() -> new ParsingEvaluator(20).evaluateFolders(gt, dir))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("no *.png");
  }
}
