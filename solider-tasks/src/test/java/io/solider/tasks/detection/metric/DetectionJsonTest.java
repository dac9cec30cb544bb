package io.solider.tasks.detection.metric;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.tasks.detection.head.DetectedBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results written as the release's test script writes them read back unchanged. */
class DetectionJsonTest {

  @TempDir Path dir;

  @Test
  void writtenResultsReadBack() throws Exception {
    Path gtFile = Files.writeString(dir.resolve("gt.json"), "{\"images\":[{\"id\":3},{\"id\":4}],"
        + "\"categories\":[{\"id\":1}],\"annotations\":[]}");
    EvalGroundTruth gt = DetectionJson.readGroundTruth(gtFile);
    List<Detection> dets = List.of(new DetectedBox(10.25f, 20.5f, 30.1f, 80.7f, 0.9f).toDetection(3),
        new DetectedBox(0f, 0f, 1f, 2f, 0.011f).toDetection(4));
    Path out = dir.resolve("sub/dets.json");
    DetectionJson.writeResults(dets, out);
    assertThat(Files.readString(out)).contains("\"image_id\" : 3").contains("\"category_id\" : 1");
    assertThat(DetectionJson.readResults(out, gt)).isEqualTo(dets);
  }
}
