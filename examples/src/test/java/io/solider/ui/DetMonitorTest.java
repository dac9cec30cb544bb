package io.solider.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.train.EvaluationPlan;
import io.solider.nn.train.TrainingOptions;
import io.solider.tasks.detection.CspDetector;
import io.solider.tasks.detection.data.CityPersons;
import io.solider.tasks.detection.metric.DetectionJson;
import io.solider.tasks.detection.train.CspTrainConfig;
import io.solider.tasks.detection.train.CspTrainer;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short detection run with the UI attached: the losses, the neck and head groups and the model graph reach it. */
class DetMonitorTest {

  @Test
  void uiShowsTheDetectionLossesAndHeadGroups(@TempDir Path dir) throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(5)).generate(dir.resolve("synth"));
    Path root = dir.resolve("synth/citypersons");
    CspTrainer.Data data = new CspTrainer.Data("tiny", CityPersons.read(root, "train"), List.of(),
        DetectionJson.cityPersonsGroundTruth(root, "val"));
    SwinConfig arch = SwinConfig.of(16, List.of(1, 1, 1, 1), List.of(1, 2, 2, 4)).withWindowSize(4);
    CspTrainConfig cfg = CspTrainConfig.release(arch).toBuilder().widths(8, 32).crop(64, 128).batch(2)
        .epochs(1, List.of(1)).warmup(0, 1.0 / 3).build();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    HttpClient http = HttpClient.newHttpClient();
    try (TrainingUi ui = TrainingUi.start(port)) {
      CspTrainer trainer = new CspTrainer(cfg, TrainingOptions.builder(dir.resolve("run")).maxIterations(2).build(),
          EvaluationPlan.none(), CspDetector.Config.release());
      trainer.addListener(new DetMonitor(ui.storage()));
      trainer.train(data);
      JsonNode overview = null;
      for (int attempt = 0; attempt < 50; attempt++) {
        overview = new ObjectMapper().readTree(get(http, port, "/train/overview/data"));
        if (overview.path("scores").size() >= 2) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(overview.path("scores").size()).isEqualTo(2);
      assertThat(overview.path("scores").get(0).asDouble()).isPositive();
      assertThat(overview.toString()).contains("centre loss (weighted)", "scale loss", "offset loss (weighted)");
      assertThat(overview.path("updateRatios").has("neck_W")).isTrue();
      assertThat(overview.path("updateRatios").has("bbox_head_W")).isTrue();
      assertThat(overview.path("model").toString()).contains("ComputationGraph");
      String graph = get(http, port, "/train/model/graph");
      assertThat(graph).contains("patch_embed", "stage3", "neck", "bbox_head");
      // Vertices by index: 0 the input, 1 patch_embed, 2..5 stage0..3, 6 neck, 7 bbox_head.
      assertThat(get(http, port, "/train/model/data/6")).contains("meanMag", "paramHist", "neck");
    }
  }

  private static String get(HttpClient http, int port, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }
}
