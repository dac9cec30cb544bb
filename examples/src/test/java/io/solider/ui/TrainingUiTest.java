package io.solider.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.backbone.SwinConfig;
import io.solider.ssl.augment.MultiCropConfig;
import io.solider.ssl.augment.MultiCropLoader;
import io.solider.ssl.heads.HeadConfig;
import io.solider.ssl.trainer.PretrainConfig;
import io.solider.ssl.trainer.SoliderTrainer;
import io.solider.nn.train.TrainingOptions;
import java.awt.image.BufferedImage;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short run with the UI attached: its HTTP endpoints serve the run's data. */
class TrainingUiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void closingRemovesTheEmptyUploadFolderTheServerMade() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Set<Path> made;
    try (TrainingUi ui = TrainingUi.start(port)) {
      made = ui.uploadDirsMade();
      assertThat(made).isNotEmpty().allMatch(Files::isDirectory);
    }
    assertThat(made).noneMatch(Files::exists);
  }

  @Test
  void uiEndpointsServeTheRunsScoresModelAndSystemData(@TempDir Path dir) throws Exception {
    List<Path> files = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(4);
    Files.createDirectories(dir.resolve("data"));
    for (int i = 0; i < 2; i++) {
      BufferedImage img = new BufferedImage(48, 96, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 96; y++) {
        for (int x = 0; x < 48; x++) {
          img.setRGB(x, y, rng.nextInt(1 << 24));
        }
      }
      Path f = dir.resolve("data/p" + i + ".png");
      ImageIO.write(img, "png", f.toFile());
      files.add(f);
    }
    SwinConfig arch = SwinConfig.of(8, List.of(1, 1, 1, 1), List.of(1, 1, 2, 2));
    MultiCropConfig crops = MultiCropConfig.release().withSizes(64, 32, 32, 16).withLocalCrops(1);
    PretrainConfig cfg = PretrainConfig.release(arch).toBuilder().crops(crops)
        .heads(HeadConfig.dino().withWidths(16, 8).withOutDim(16), HeadConfig.partClassifier(3).withWidths(16, 8))
        .epochs(3, 0).batchSize(2).build();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    SoliderTrainer trainer = new SoliderTrainer(cfg, TrainingOptions.builder(dir.resolve("run")).build());
    HttpClient http = HttpClient.newHttpClient();
    try (TrainingUi ui = TrainingUi.start(port);
        MultiCropLoader loader = new MultiCropLoader(files, crops, 2, 1, 1, 1)) {
      trainer.addListener(new PretrainMonitor(ui.storage()));
      trainer.train(loader);
      JsonNode overview = null;
      for (int attempt = 0; attempt < 50; attempt++) {
        overview = JSON.readTree(get(http, port, "/train/overview/data"));
        if (overview.path("scores").size() >= 3) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(overview.path("scores").size()).isEqualTo(3);
      assertThat(overview.path("scores").get(0).asDouble()).isPositive();
      assertThat(overview.path("updateRatios").has("stage0_W")).isTrue();
      assertThat(overview.path("stdevActivations").has("dino loss")).isTrue();
      assertThat(overview.path("model").toString()).contains("ComputationGraph");
      String graph = get(http, port, "/train/model/graph");
      assertThat(graph).contains("dino_head", "part_classifier", "stage3");
      // Layers are addressed by vertex index: 0 the input, 1 patch_embed, 2..5 stage0..3.
      assertThat(get(http, port, "/train/model/data/4")).contains("meanMag", "paramHist", "updateHist", "stage2");
      assertThat(get(http, port, "/train/system/data")).contains("memory");
      assertThat(get(http, port, "/train/overview")).contains("<html");
    }
  }

  private static String get(HttpClient http, int port, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }
}
