package io.solider.cli;

import static io.solider.cli.ReidFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.cli.ReidFixtures.Run;
import io.solider.tasks.common.Charts;
import io.solider.tasks.reid.data.Market1501;
import io.solider.tasks.reid.data.ReidSample;
import io.solider.tasks.reid.data.ReidSplits;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code solider reid-test} end to end on a tiny synthetic Market-1501 set with a tiny re-id checkpoint. */
class ReidTestCommandTest {

  @TempDir static Path dir;
  static Path market;
  static Path checkpoint;

  @BeforeAll
  static void writeInputs() throws Exception {
    market = ReidFixtures.market(dir.resolve("synth"));
    checkpoint = dir.resolve("reid.pth");
    ReidFixtures.writeReidCheckpoint(ReidFixtures.TINY, 5, checkpoint, true);
  }

  static String[] args(Path ckpt, Path out, String... more) {
    // Batch 64: every image of the tiny set in one forward pass, even for three λ.
    List<String> a = new java.util.ArrayList<>(List.of("reid-test", "--checkpoint", ckpt.toString(), "--data",
        market.toString(), "--size", "64x32", "--batch-size", "64", "--output", out.toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  static String[] args(Path out, String... more) {
    return args(checkpoint, out, more);
  }

  /** Queries with a gallery image of the same identity from another camera (the protocol's valid queries). */
  static int validQueries(ReidSplits s) {
    return (int) s.query().stream().filter(q -> s.gallery().stream()
        .anyMatch(g -> g.pid() == q.pid() && g.camera() != q.camera())).count();
  }

  static void assertPng(Path png) throws Exception {
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img).as(png.toString()).isNotNull();
    assertThat(img.getWidth()).isEqualTo(Charts.WIDTH);
    assertThat(img.getHeight()).isEqualTo(Charts.HEIGHT);
  }

  @Test
  void aSweepWritesMetricsPerLambdaTheBestOnTopBothChartsAndAgreesWithExtractPlusReidEval() throws Exception {
    Path out = dir.resolve("sweep");
    Run r = run(args(out, "--semantic-weight", "0,0.2,1"));
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    JsonNode sweep = m.get("by_semantic_weight");
    assertThat(sweep).hasSize(3);
    ReidSplits splits = Market1501.read(market);
    JsonNode best = sweep.get(0);
    for (int i = 0; i < 3; i++) {
      JsonNode e = sweep.get(i);
      assertThat(e.get("semantic_weight").asDouble()).isEqualTo(new double[] {0, 0.2, 1}[i]);
      assertThat(e.get("mAP").asDouble()).isBetween(0.0, 1.0);
      assertThat(e.get("num_valid_queries").asInt()).isEqualTo(validQueries(splits)).isPositive();
      JsonNode cmc = e.get("cmc");
      assertThat(cmc).hasSize(Math.min(50, splits.gallery().size()));
      for (int k = 1; k < cmc.size(); k++) {
        assertThat(cmc.get(k).asDouble()).isGreaterThanOrEqualTo(cmc.get(k - 1).asDouble());
      }
      assertThat(e.get("rank1").asDouble()).isEqualTo(cmc.get(0).asDouble());
      assertThat(e.get("rank5").asDouble()).isEqualTo(cmc.get(4).asDouble());
      if (e.get("mAP").asDouble() > best.get("mAP").asDouble()) {
        best = e;
      }
    }
    // The top level holds reid-eval's keys for the best λ.
    assertThat(m.get("semantic_weight").asDouble()).isEqualTo(best.get("semantic_weight").asDouble());
    assertThat(m.get("mAP").asDouble()).isEqualTo(best.get("mAP").asDouble());
    assertThat(m.get("cmc")).isEqualTo(best.get("cmc"));
    assertThat(m.get("reranked").asBoolean()).isFalse();
    assertThat(m.get("dataset").asText()).isEqualTo("market1501");
    assertThat(m.get("num_query").asInt()).isEqualTo(splits.query().size());
    assertThat(m.get("num_gallery").asInt()).isEqualTo(splits.gallery().size());
    assertPng(out.resolve("cmc.png"));
    assertPng(out.resolve("lambda.png"));

    // λ 0.2 by hand: extract each split's images, label them from the file names, reid-eval.
    Path q = dir.resolve("fq");
    Path g = dir.resolve("fg");
    for (Object[] s : new Object[][] {{"query", q, splits.query()}, {"bounding_box_test", g, splits.gallery()}}) {
      Path folder = dir.resolve("copy_" + s[0]);
      Files.createDirectories(folder);
      StringBuilder labels = new StringBuilder("pid,camid\n");
      @SuppressWarnings("unchecked")
      List<ReidSample> samples = (List<ReidSample>) s[2];
      for (ReidSample x : samples) { // the split's images only (junk left out), in the reader's order
        Files.copy(x.image(), folder.resolve(x.image().getFileName()));
        labels.append(x.pid()).append(',').append(x.camera()).append('\n');
      }
      Files.writeString(dir.resolve(s[0] + ".csv"), labels);
      Run e = run("extract", "--checkpoint", checkpoint.toString(), "--input", folder.toString(), "--semantic-weight",
          "0.2", "--size", "64x32", "--normalization", "reid", "--pooled-only", "--batch-size", "64", "--output", s[1].toString());
      assertThat(e.code()).as(e.err()).isZero();
    }
    Path json = dir.resolve("eval.json");
    Run e = run("reid-eval", "--query", q.resolve("pooled.npy").toString(), "--query-labels",
        dir.resolve("query.csv").toString(), "--gallery", g.resolve("pooled.npy").toString(), "--gallery-labels",
        dir.resolve("bounding_box_test.csv").toString(), "--output", json.toString());
    assertThat(e.code()).as(e.err()).isZero();
    JsonNode ref = new ObjectMapper().readTree(json.toFile());
    JsonNode at02 = sweep.get(1);
    for (String k : List.of("mAP", "rank1", "rank5", "rank10")) {
      assertThat(at02.get(k).asDouble()).as(k).isCloseTo(ref.get(k).asDouble(), within(1e-9));
    }
    assertThat(at02.get("num_valid_queries").asInt()).isEqualTo(ref.get("num_valid_queries").asInt());
  }

  @Test
  void oneLambdaWithReRankingWritesOneEntryAndNoLambdaChart() throws Exception {
    Path out = dir.resolve("one");
    Run r = run(args(out, "--semantic-weight", "0.5", "--rerank", "--k1", "4", "--k2", "2"));
    assertThat(r.code()).as(r.err()).isZero();
    assertPng(out.resolve("cmc.png"));
    assertThat(out.resolve("lambda.png")).doesNotExist();
    JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(m.get("by_semantic_weight")).hasSize(1);
    assertThat(m.get("semantic_weight").asDouble()).isEqualTo(0.5);
    assertThat(m.get("mAP").asDouble()).isEqualTo(m.get("by_semantic_weight").get(0).get("mAP").asDouble()).isBetween(0.0, 1.0);
    assertThat(m.get("reranked").asBoolean()).isTrue();
    assertThat(m.get("rerank").get("k1").asInt()).isEqualTo(4);
    assertThat(m.get("image_size").get(0).asInt()).isEqualTo(64);
  }

  @Test
  void badInputsAreOneLineErrors() throws Exception {
    Run noData = run("reid-test", "--checkpoint", checkpoint.toString(), "--data", dir.resolve("nope").toString(),
        "--output", dir.resolve("o2").toString());
    assertThat(noData.code()).isNotZero();
    assertThat(noData.err().strip()).isEqualTo("reid-test: error: " + dir.resolve("nope") + ": re-id data folder does not exist");

    Files.createDirectories(dir.resolve("notreid/query"));
    Run layout = run("reid-test", "--checkpoint", checkpoint.toString(), "--data", dir.resolve("notreid").toString(),
        "--output", dir.resolve("o3").toString());
    assertThat(layout.err().strip()).startsWith("reid-test: error: ").contains("not a re-id data folder").doesNotContain("\n");

    Path headOnly = dir.resolve("head_only.pth");
    ReidFixtures.writeReidCheckpoint(ReidFixtures.TINY, 5, headOnly, false);
    Run noBackbone = run(args(headOnly, dir.resolve("o4")));
    assertThat(noBackbone.code()).isNotZero();
    assertThat(noBackbone.err().strip())
        .isEqualTo("reid-test: error: " + headOnly + ": no backbone tensors found (top-level keys: [bottleneck, classifier])");

    Run lambda = run(args(dir.resolve("o5"), "--semantic-weight", "0,1.5"));
    assertThat(lambda.code()).isEqualTo(2);
    assertThat(lambda.err().strip()).isEqualTo("reid-test: error: --semantic-weight values must be in [0, 1], got 1.5");

    Run twice = run(args(dir.resolve("o6"), "--semantic-weight", "0.2,0.2"));
    assertThat(twice.err().strip()).isEqualTo("reid-test: error: semantic weight 0.2 is given twice");

    Run arch = run(args(dir.resolve("o7"), "--arch", "tiny"));
    assertThat(arch.code()).isEqualTo(2);
    assertThat(arch.err().strip()).startsWith("reid-test: error: " + checkpoint + " holds a Swin C=8").contains("not --arch tiny")
        .doesNotContain("\n");

    Run norm = run(args(dir.resolve("o8"), "--normalization", "half"));
    assertThat(norm.code()).isEqualTo(2);
    assertThat(norm.err().strip()).isEqualTo("reid-test: error: Invalid value for option '--normalization': 'half' is not one of imagenet, reid "
            + "(see 'solider reid-test --help')");
  }
}
