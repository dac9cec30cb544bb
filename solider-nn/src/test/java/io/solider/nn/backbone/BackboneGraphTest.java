package io.solider.nn.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Geometry, modes and persistence of the graph on small random configurations. */
class BackboneGraphTest {

  /** embed 8, depths 2-1-1-2, heads 1-2-2-4, window 3: small enough for any input size. */
  static final SwinConfig SMALL = SwinConfig.of(8, List.of(2, 1, 1, 2), List.of(1, 2, 2, 4)).withWindowSize(3);

  static INDArray images(int batch, int h, int w, long seed) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.randn(DataType.FLOAT, batch, 3, h, w);
  }

  @Test
  void stagesHalveResolutionAndDoubleChannelsForAnyInputSize() {
    Backbone b = Backbone.initialized(SMALL, 1);
    BackboneOutputs out = b.graph(50, 37, BackboneMode.INFERENCE).forward(images(2, 50, 37, 1), SemanticWeights.of(0.2, 0.7));
    // 50×37 → patches 13×10 → 7×5 → 4×3 → 2×2.
    assertThat(out.stage(0).shape()).containsExactly(2, 8, 13, 10);
    assertThat(out.stage(1).shape()).containsExactly(2, 16, 7, 5);
    assertThat(out.stage(2).shape()).containsExactly(2, 32, 4, 3);
    assertThat(out.stage(3).shape()).containsExactly(2, 64, 2, 2);
    assertThat(out.pooled().shape()).containsExactly(2, 64);
    assertThat(out.pooled()).isEqualTo(out.stage(3).mean(2, 3));
  }

  @Test
  void aStrideOneMergingKeepsTheGridAndDoublesChannels() {
    SwinConfig pose = SMALL.withStrides(4, 2, 1, 1);
    BackboneOutputs out = Backbone.initialized(pose, 1).graph(50, 37, BackboneMode.INFERENCE)
        .forward(images(2, 50, 37, 1), SemanticWeights.of(0.2, 0.7));
    // 50×37 → patches 13×10 → 7×5 → 7×5 → 7×5.
    assertThat(out.stage(1).shape()).containsExactly(2, 16, 7, 5);
    assertThat(out.stage(2).shape()).containsExactly(2, 32, 7, 5);
    assertThat(out.stage(3).shape()).containsExactly(2, 64, 7, 5);
    assertThat(List.of(pose.stageStride(0), pose.stageStride(1), pose.stageStride(2), pose.stageStride(3)))
        .containsExactly(4, 8, 8, 8);
    assertThat(SMALL.withStrides(4, 2, 2, 1).stageStride(3)).isEqualTo(16);
  }

  @Test
  void stridesAndOutputNormsAreChecked() {
    assertThatThrownBy(() -> SMALL.withStrides(2, 2, 2, 2)).hasMessageContaining("must equal the patch size 4");
    assertThatThrownBy(() -> SMALL.withStrides(4, 2, 3, 1)).hasMessageContaining("must be 1 or 2");
    assertThatThrownBy(() -> SMALL.withOutIndices(2, 1)).hasMessageContaining("ascending");
    assertThat(SMALL.withPatchSize(2).strides()).containsExactly(2, 2, 2, 2);
    // Strides change no parameter; output norms do.
    assertThat(SMALL.sameArchitecture(SMALL.withStrides(4, 2, 1, 1))).isTrue();
    assertThat(SMALL.sameArchitecture(SMALL.withOutIndices(1, 2, 3))).isFalse();
    assertThat(BackboneKeys.expectedShapes(SMALL.withOutIndices(1, 2, 3))).doesNotContainKey("norm0.weight");
    // A pretrained backbone (all norms) serves the detection variant by leaving norm0 out.
    Backbone all = Backbone.initialized(SMALL, 3);
    Backbone detection = all.withConfig(SMALL.withStrides(4, 2, 2, 1).withOutIndices(1, 2, 3));
    assertThat(detection.parameters()).doesNotContainKey("norm0.weight").hasSize(all.parameters().size() - 2);
    assertThat(detection.parameters().get("norm1.weight")).isSameAs(all.parameters().get("norm1.weight"));
    assertThatThrownBy(() -> detection.withConfig(SMALL)).hasMessageContaining("does not match the parameters");
  }

  @Test
  void rangeGraphsTakeTheirInputAndOutputTheirStages() {
    Backbone b = Backbone.initialized(SMALL, 5);
    BackboneGraph head = b.graph(StageRange.after(2), 6, 5, BackboneMode.INFERENCE);
    assertThatThrownBy(() -> head.forward(images(1, 6, 5, 1), SemanticWeights.of(0.5)))
        .hasMessageContaining("input maps have shape").hasMessageContaining("(B, 32, 6, 5)");
    Nd4j.getRandom().setSeed(4);
    BackboneOutputs out = head.forward(Nd4j.randn(DataType.FLOAT, 2, 32, 6, 5), SemanticWeights.of(0.5, 0.1));
    assertThat(out.stages().subList(0, 3)).containsOnlyNulls();
    assertThat(out.stage(3).shape()).containsExactly(2, 64, 3, 3);
    assertThatThrownBy(() -> out.stage(2)).hasMessageContaining("stage 2 is not an output");
    assertThatThrownBy(() -> new StageRange(2, 2)).hasMessageContaining("after < last");
    assertThatThrownBy(() -> head.save(Path.of("unused.sd"))).hasMessageContaining("only a whole-backbone graph");
  }

  @Test
  void inputsAreZeroPaddedToWholePatchesAtTheBottomRight() {
    Backbone b = Backbone.initialized(SMALL, 2);
    INDArray small = images(1, 30, 17, 3);
    INDArray padded = Nd4j.zeros(DataType.FLOAT, 1, 3, 32, 20);
    padded.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 30), NDArrayIndex.interval(0, 17))
        .assign(small);
    INDArray sw = SemanticWeights.of(0.4);
    BackboneOutputs a = b.graph(30, 17, BackboneMode.INFERENCE).forward(small, sw);
    BackboneOutputs p = b.graph(32, 20, BackboneMode.INFERENCE).forward(padded, sw);
    for (int i = 0; i < 4; i++) {
      assertThat(TinyFixture.relativeError(a.stage(i), p.stage(i))).as("stage %d", i).isLessThan(1e-6);
    }
  }

  @Test
  void graphRequestsExactlyTheExpectedKeysAndShapes() {
    Map<String, long[]> requested = new LinkedHashMap<>();
    SwinBackbone.build(SwinConfig.tiny(), (key, init, shape) -> {
      requested.put(key, shape);
      return Nd4j.zeros(DataType.FLOAT, shape);
    }, 64, 32, BackboneMode.INFERENCE);
    Map<String, long[]> expected = BackboneKeys.expectedShapes(SwinConfig.tiny());
    assertThat(requested.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach((k, s) -> assertThat(requested.get(k)).as(k).containsExactly(s));
    // Swin-T backbone with the controller: the release's 27.5 M.
    long count = expected.values().stream().mapToLong(s -> java.util.Arrays.stream(s).reduce(1, (x, y) -> x * y)).sum();
    assertThat(count).isBetween(27_500_000L, 27_600_000L);
  }

  @Test
  void architectureIsInferredBackFromTheShapes() {
    for (SwinConfig c : List.of(SwinConfig.tiny(), SwinConfig.small(), SwinConfig.base(), SMALL.withMlpRatio(2))) {
      assertThat(ArchitectureInference.infer(BackboneKeys.expectedShapes(c)))
          .isEqualTo(c.withDropPathRate(0));
    }
  }

  @Test
  void sameSeedSameParameters() {
    Map<String, INDArray> a = Backbone.initialized(SMALL, 7).parameters();
    Map<String, INDArray> b = Backbone.initialized(SMALL, 7).parameters();
    assertThat(a.keySet()).isEqualTo(b.keySet());
    a.forEach((k, v) -> assertThat(v).as(k).isEqualTo(b.get(k)));
    assertThat(a.get("norm3.weight").meanNumber().doubleValue()).isEqualTo(1.0);
    assertThat(a.get("stages.0.blocks.0.attn.w_msa.qkv.weight").stdNumber().doubleValue()).isBetween(0.015, 0.02);
  }

  @Test
  void trainingGraphWithoutDropEqualsInference() {
    Backbone b = Backbone.initialized(SMALL.withDropPathRate(0.3), 3);
    INDArray x = images(2, 32, 16, 5);
    INDArray sw = SemanticWeights.of(0.1, 0.9);
    BackboneGraph train = b.graph(32, 16, BackboneMode.TRAINING);
    assertThat(train.hasDropPath()).isTrue();
    Map<String, INDArray> ph = train.placeholders(x, sw, new SplittableRandom(1));
    ph.put(SwinBackbone.DROP_PATH_KEEP, Nd4j.ones(DataType.FLOAT, 2, 2L * SMALL.totalBlocks()));
    INDArray pooled = train.sameDiff().output(ph, SwinBackbone.POOLED).get(SwinBackbone.POOLED);
    INDArray ref = b.graph(32, 16, BackboneMode.INFERENCE).forward(x, sw).pooled();
    assertThat(TinyFixture.relativeError(pooled, ref)).isLessThan(1e-6);
  }

  @Test
  void dropPathScalesFollowTheLinearRuleAndTheSeed() {
    BackboneGraph train = Backbone.initialized(SMALL.withDropPathRate(0.5), 3).graph(16, 16, BackboneMode.TRAINING);
    INDArray keep = train.dropPathKeep(4000, new SplittableRandom(9));
    int blocks = SMALL.totalBlocks();
    double[] rates = SMALL.withDropPathRate(0.5).blockDropPathRates();
    assertThat(rates[0]).isZero();
    assertThat(rates[blocks - 1]).isEqualTo(0.5);
    for (int k = 0; k < 2 * blocks; k++) {
      double p = rates[k / 2];
      INDArray col = keep.getColumn(k);
      double dropped = col.eq(0).castTo(DataType.FLOAT).meanNumber().doubleValue();
      assertThat(dropped).as("column %d", k).isCloseTo(p, org.assertj.core.data.Offset.offset(0.03));
      // Kept samples are scaled by 1/(1 − p) so the expectation is unchanged.
      assertThat(col.meanNumber().doubleValue()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.08));
    }
    assertThat(train.dropPathKeep(10, new SplittableRandom(3))).isEqualTo(train.dropPathKeep(10, new SplittableRandom(3)));
  }

  @Test
  void savedSameDiffFileRoundTrips(@TempDir Path dir) throws Exception {
    Backbone b = Backbone.initialized(SMALL, 4);
    savedGraphRoundTrips(b, dir);
  }

  @Test
  void aTaskVariantsSavedGraphKeepsItsStridesAndNorms(@TempDir Path dir) throws Exception {
    SwinConfig detection = SMALL.withStrides(4, 2, 2, 1).withOutIndices(1, 2, 3);
    BackboneGraph loaded = savedGraphRoundTrips(Backbone.initialized(detection, 4), dir);
    assertThat(loaded.config()).isEqualTo(detection);
  }

  private static BackboneGraph savedGraphRoundTrips(Backbone b, Path dir) throws Exception {
    BackboneGraph g = b.graph(24, 20, BackboneMode.INFERENCE);
    Path file = dir.resolve("backbone.sd");
    g.save(file);
    assertThat(Files.list(dir)).containsExactly(file);
    BackboneGraph loaded = BackboneGraph.load(file);
    assertThat(loaded.config()).isEqualTo(b.config());
    assertThat(loaded.height()).isEqualTo(24);
    assertThat(loaded.width()).isEqualTo(20);
    INDArray x = images(3, 24, 20, 6);
    INDArray sw = SemanticWeights.of(0, 0.5, 1);
    BackboneOutputs a = g.forward(x, sw);
    BackboneOutputs c = loaded.forward(x, sw);
    assertThat(c.pooled()).isEqualTo(a.pooled());
    assertThat(c.stages()).isEqualTo(a.stages());
    // Parameters keep the release's keys inside the SameDiff file.
    assertThat(loaded.parameters().keySet()).containsExactlyInAnyOrderElementsOf(b.parameters().keySet());
    return loaded;
  }

  @Test
  void loadingSomethingElseSaysWhat(@TempDir Path dir) throws Exception {
    Path junk = dir.resolve("junk.sd");
    Files.writeString(junk, "not a graph");
    assertThatThrownBy(() -> BackboneGraph.load(junk)).hasMessageContaining(junk.toString());
    assertThatThrownBy(() -> BackboneGraph.load(dir.resolve("missing.sd"))).hasMessageContaining("missing.sd");
  }

  @Test
  void wrongInputShapesAreRejectedWithTheExpectedShape() {
    BackboneGraph g = Backbone.initialized(SMALL, 1).graph(32, 16, BackboneMode.INFERENCE);
    assertThatThrownBy(() -> g.forward(images(1, 32, 20, 1), SemanticWeights.of(0.5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(B, 3, 32, 16)");
    assertThatThrownBy(() -> g.forward(images(2, 32, 16, 1), SemanticWeights.of(0.5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected (2, 2)");
  }

  @Test
  void checkpointThatDoesNotFitListsMissingKeysAndShapeMismatches() {
    Map<String, INDArray> params = new LinkedHashMap<>(TinyFixture.copy(Backbone.initialized(SMALL, 1).parameters()));
    params.remove("norm2.bias");
    params.remove("stages.1.blocks.0.norm2.weight");
    params.put("stages.0.blocks.0.attn.w_msa.qkv.bias", Nd4j.zeros(DataType.FLOAT, 5));
    assertThatThrownBy(() -> Backbone.fromTensors(params, "x.pth"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x.pth")
        .hasMessageContaining("missing 2 keys: stages.1.blocks.0.norm2.weight, norm2.bias")
        .hasMessageContaining("stages.0.blocks.0.attn.w_msa.qkv.bias expected [24] found [5]");
    assertThatThrownBy(() -> Backbone.fromTensors(Map.of("head.mlp.0.weight", Nd4j.zeros(2, 2)), "y.pth"))
        .hasMessageContaining("y.pth").hasMessageContaining("not a SOLIDER Swin backbone");
  }

  @Test
  void unsupportedVariantsAreRefusedRatherThanSilentlyIgnored() {
    Map<String, long[]> shapes = new LinkedHashMap<>(BackboneKeys.expectedShapes(SMALL));
    shapes.put("absolute_pos_embed", new long[] {1, 64, 8});
    assertThatThrownBy(() -> ArchitectureInference.infer(shapes)).hasMessageContaining("absolute position embedding");
    Map<String, long[]> odd = new LinkedHashMap<>(BackboneKeys.expectedShapes(SMALL));
    odd.put("stages.0.blocks.0.ffn.layers.0.0.weight", new long[] {20, 8});
    assertThatThrownBy(() -> ArchitectureInference.infer(odd)).hasMessageContaining("not a whole multiple of C=8");
  }

  @Test
  void configurationRejectsImpossibleShapes() {
    assertThatThrownBy(() -> SwinConfig.of(10, List.of(2, 2, 2, 2), List.of(3, 3, 3, 3)))
        .hasMessageContaining("do not split into 3 heads");
    assertThatThrownBy(() -> SwinConfig.of(8, List.of(2, 2, 2), List.of(1, 1, 1, 1)))
        .hasMessageContaining("depths needs 4 entries");
    assertThatThrownBy(() -> SwinConfig.named("huge")).hasMessageContaining("unknown architecture 'huge'");
  }
}
