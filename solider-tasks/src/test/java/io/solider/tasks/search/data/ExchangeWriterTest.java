package io.solider.tasks.search.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.io.Npy;
import io.solider.tasks.search.SearchReference;
import io.solider.tasks.search.metric.SearchEvalFiles;
import io.solider.tasks.search.metric.SearchEvaluation;
import io.solider.tasks.search.metric.SearchEvaluator;
import io.solider.tasks.search.metric.SearchProtocol;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * gallery.json and queries.json written from our CUHK-SYSU and PRW readers hold what the
 * release's own data set classes and protocol reading give on the same synthetic files
 * ({@code search/protocol/protocol_reference.json}, make_protocol_reference.py on
 * {@code SynthConfig.tiny(42)} with 110 search scenes), and {@code search-eval}'s evaluation of
 * the ground truth as detections gives the release's numbers on them.
 */
class ExchangeWriterTest {

  @TempDir static Path root;
  static JsonNode ref;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void generate() throws Exception {
    SynthConfig t = SynthConfig.tiny(42);
    SynthConfig cfg = new SynthConfig(t.seed(), t.identities(), t.cameras(), t.imagesPerIdentity(), t.distractors(),
        t.junk(), t.attributeImages(), t.poseImages(), t.parsingImages(), t.detectionImages(), 110,
        t.unlabeledImages(), t.cropHeight(), t.cropWidth());
    new SyntheticGenerator(cfg).generate(root.resolve("synth"));
    ref = SearchReference.load("/search/protocol/protocol_reference.json");
  }

  /** Writes the exchange files of {@code ds} into {@code d}; checks the gallery; returns queries.json. */
  static JsonNode writeAndCheckGallery(SearchDataset ds, Path d, JsonNode want) throws Exception {
    SearchExchange.write(ds, d);
    assertThat(JSON.readTree(d.resolve("gallery.json").toFile()).get("images")).isEqualTo(want.get("gallery"));
    JsonNode q = JSON.readTree(d.resolve("queries.json").toFile());
    assertThat(q.get("queries")).hasSize(want.get("queries").size());
    return q;
  }

  @Test
  void cuhkSysuFilesMatchTheReleasesReading() throws Exception {
    SearchDataset ds = CuhkSysu.read(root.resolve("synth/cuhk_sysu"));
    Path d = root.resolve("cuhk");
    JsonNode want = ref.get("cuhk_sysu");
    JsonNode q = writeAndCheckGallery(ds, d, want);
    assertThat(q.get("gallery_size").asInt()).isEqualTo(50);
    for (int i = 0; i < q.get("queries").size(); i++) {
      JsonNode mine = q.get("queries").get(i);
      assertThat(mine.get("image")).isEqualTo(want.get("queries").get(i).get("image"));
      assertThat(mine.get("pid").asInt()).isEqualTo(i + 1); // SeqNet numbers test identities by protocol order
      assertThat(mine.get("gallery")).isEqualTo(want.get("protocol_gallery").get(i));
    }
    assertEvaluationMatches(d, ds.gallery().size(), SearchProtocol.CUHK_SYSU, want.get("ground_truth_eval"));
  }

  @Test
  void prwFilesMatchTheReleasesReading() throws Exception {
    SearchDataset ds = Prw.read(root.resolve("synth/prw"));
    Path d = root.resolve("prw");
    JsonNode want = ref.get("prw");
    JsonNode q = writeAndCheckGallery(ds, d, want);
    for (int i = 0; i < q.get("queries").size(); i++) {
      assertThat(q.get("queries").get(i).get("image")).isEqualTo(want.get("queries").get(i).get("image"));
      assertThat(q.get("queries").get(i).get("pid")).isEqualTo(want.get("queries").get(i).get("pid"));
      assertThat(q.get("queries").get(i).get("gallery")).isEmpty();
    }
    assertEvaluationMatches(d, ds.gallery().size(), SearchProtocol.PRW, want.get("ground_truth_eval"));
  }

  /** Ground truth as detections (score 1), one-hot pid features (pid mod 64), as the reference script. */
  static void assertEvaluationMatches(Path d, int scenes, SearchProtocol protocol, JsonNode want) throws Exception {
    JsonNode gallery = JSON.readTree(d.resolve("gallery.json").toFile()).get("images");
    JsonNode queries = JSON.readTree(d.resolve("queries.json").toFile()).get("queries");
    List<Object> dets = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    for (JsonNode img : gallery) {
      List<Double> scores = new ArrayList<>();
      for (JsonNode pid : img.get("pids")) {
        scores.add(1.0);
        rows.add(oneHot(pid.asInt()));
      }
      dets.add(Map.of("boxes_xyxy", img.get("boxes_xyxy"), "scores", scores,
          "feature_row_offset", rows.size() - scores.size(), "count", scores.size()));
    }
    Files.writeString(d.resolve("detections.json"), JSON.writeValueAsString(Map.of("images", dets)));
    Npy.write(Nd4j.createFromArray(rows.toArray(new float[0][])), d.resolve("det.npy"));
    float[][] q = new float[queries.size()][];
    for (int i = 0; i < q.length; i++) {
      // CUHK-SYSU's gallery pids are the protocol's numbering, which the query pid carries too.
      q[i] = oneHot(queries.get(i).get("pid").asInt());
    }
    Npy.write(Nd4j.createFromArray(q), d.resolve("q.npy"));
    SearchEvaluation e = SearchEvaluator.evaluate(SearchEvalFiles.read(new SearchEvalFiles.Paths(
        d.resolve("gallery.json"), d.resolve("detections.json"), d.resolve("det.npy"), d.resolve("queries.json"),
        d.resolve("q.npy")), protocol), protocol, SearchEvaluator.DET_THRESH);
    assertThat(scenes).isPositive();
    assertThat(e.detectionRecall()).isEqualTo(want.get("recall").asDouble());
    assertThat(e.detectionAp()).isEqualTo(want.get("ap").asDouble());
    assertThat(e.mAP()).isEqualTo(want.get("mAP").asDouble());
    assertThat(e.top1()).isEqualTo(want.get("top1").asDouble());
  }

  static float[] oneHot(int pid) {
    float[] v = new float[64];
    v[Math.floorMod(pid, 64)] = 1f;
    return v;
  }
}
