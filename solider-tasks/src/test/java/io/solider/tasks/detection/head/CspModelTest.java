package io.solider.tasks.detection.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.nn.head.HeadGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The CSP model's parameters, initialisation, graph shapes and files in the release's layout. */
class CspModelTest {

  static final SwinConfig ARCH = SwinConfig.of(16, List.of(1, 1, 1, 1), List.of(1, 2, 2, 4)).withWindowSize(4);

  static CspModel tiny() {
    CspHead.Spec spec = CspHead.Spec.release(CspModel.variant(ARCH)).withWidths(8, 32);
    return CspModel.initialized(Backbone.initialized(ARCH, 1), spec, 2);
  }

  static double[] values(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  @Test
  void stateDictHasTheReleaseKeysShapesAndInitialisation() {
    CspModel m = tiny();
    Map<String, INDArray> sd = m.stateDict();
    List<String> keys = new ArrayList<>(sd.keySet());
    List<String> head = keys.subList(keys.size() - CspHead.keys().size(), keys.size());
    assertThat(head).containsExactlyElementsOf(CspHead.keys());
    assertThat(keys.subList(0, keys.size() - head.size())).allMatch(k -> k.startsWith("backbone."))
        .contains("backbone.norm1.weight", "backbone.norm3.weight").doesNotContain("backbone.norm0.weight");
    // stage widths 32, 64, 128 (embed 16 doubled per stage after the first), neck 8, head 32
    assertThat(sd.get("neck.p3.weight").shape()).containsExactly(32, 8, 4, 4);
    assertThat(sd.get("neck.p5.weight").shape()).containsExactly(128, 8, 4, 4);
    assertThat(sd.get("bbox_head.cls_convs.0.conv.weight").shape()).containsExactly(32, 24, 3, 3);
    assertThat(sd.get("bbox_head.csp_reg.weight").shape()).containsExactly(2, 32, 3, 3);
    // L2Norm scale 10, Scale 1, prior-probability bias of the centre branch, zero biases
    assertThat(values(sd.get("neck.p4_l2.weight"))).containsOnly(10.0);
    assertThat(values(sd.get("bbox_head.reg_scales.0.scale"))).containsExactly(1.0);
    assertThat(values(sd.get("bbox_head.csp_cls.bias"))[0]).isCloseTo(-Math.log(99), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(values(sd.get("bbox_head.csp_offset.bias"))).containsOnly(0.0);
    assertThat(values(sd.get("bbox_head.reg_convs.0.gn.weight"))).containsOnly(1.0);
    // head convolutions N(0, 0.01): 6912 draws, the sample deviation within 5 %
    double std = sd.get("bbox_head.cls_convs.0.conv.weight").stdNumber().doubleValue();
    assertThat(std).isBetween(0.0095, 0.0105);
  }

  @Test
  void headGraphGivesStride4MapsAndRefusesSizesItCannotConcatenate() {
    CspModel m = tiny();
    HeadGraph g = CspHead.graph(m.head(), m.spec(), 64, 128, false);
    Map<String, INDArray> feats = new HashMap<>();
    Nd4j.getRandom().setSeed(3);
    feats.put(CspHead.feature(1), Nd4j.randn(DataType.FLOAT, 2, 32, 8, 16));
    feats.put(CspHead.feature(2), Nd4j.randn(DataType.FLOAT, 2, 64, 4, 8));
    feats.put(CspHead.feature(3), Nd4j.randn(DataType.FLOAT, 2, 128, 4, 8));
    Map<String, INDArray> out = g.forward(feats, Map.of());
    assertThat(out.get(CspHead.CENTER).shape()).containsExactly(2, 1, 16, 32);
    assertThat(out.get(CspHead.SCALE).shape()).containsExactly(2, 2, 16, 32);
    assertThat(out.get(CspHead.OFFSET).shape()).containsExactly(2, 2, 16, 32);
    // weights N(0, 0.01) on 288 group-normalised, rectified inputs per cell: the logits stay within
    // a few tenths of the prior's bias −log 99 (measured −4.71 against −4.60)
    assertThat(out.get(CspHead.CENTER).meanNumber().doubleValue()).isCloseTo(-Math.log(99),
        org.assertj.core.data.Offset.offset(0.5));
    assertThatThrownBy(() -> CspHead.graph(m.head(), m.spec(), 72, 128, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiples of 16");
  }

  @Test
  void loadsTheReleasesEpochFileLayout(@TempDir Path dir) throws Exception {
    CspModel m = tiny();
    // mmcv's save_checkpoint: {"meta", "state_dict", "optimizer"}; the state dict also holds the
    // backbone's relative_position_index buffers (int64), which are constants here.
    Map<String, Object> state = new LinkedHashMap<>(m.stateDict());
    state.put("backbone.stages.0.blocks.0.attn.w_msa.relative_position_index",
        Nd4j.zeros(DataType.LONG, 49, 49));
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("meta", Map.of("epoch", 240, "iter", 120000, "mmdet_version", "1.0rc0+unknown"));
    file.put("state_dict", state);
    file.put("optimizer", Map.of("state", Map.of("0", Map.of("exp_avg", Nd4j.ones(DataType.FLOAT, 3)))));
    Path epoch = dir.resolve("epoch_240.pth");
    TorchCheckpointWriter.write(file, epoch);
    Path stu = dir.resolve("epoch_240.pth.stu");
    TorchCheckpointWriter.write(Map.of("state_dict", state), stu);

    for (Path p : List.of(epoch, stu)) {
      CspModel back = CspModel.fromCheckpoint(p);
      assertThat(back.spec()).isEqualTo(m.spec());
      assertThat(back.backbone().config()).isEqualTo(m.backbone().config());
      Map<String, INDArray> a = m.stateDict();
      Map<String, INDArray> b = back.stateDict();
      assertThat(b.keySet()).containsExactlyInAnyOrderElementsOf(a.keySet());
      a.forEach((k, v) -> assertThat(values(b.get(k))).as(k).containsExactly(values(v)));
    }
  }

  @Test
  void aCheckpointOfAnotherTaskOrAnIncompleteModelIsAClearError(@TempDir Path dir) throws Exception {
    CspModel m = tiny();
    Path backboneOnly = dir.resolve("solider.pth");
    TorchCheckpointWriter.write(Map.of("state_dict", new LinkedHashMap<>(m.backbone().parameters())), backboneOnly);
    assertThatThrownBy(() -> CspModel.fromCheckpoint(backboneOnly)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("solider.pth: not a CSP detection model");

    Map<String, INDArray> reid = new LinkedHashMap<>();
    m.backbone().parameters().forEach((k, v) -> reid.put("base." + k, v));
    reid.put("classifier.weight", Nd4j.zeros(DataType.FLOAT, 5, 128));
    Path reidFile = dir.resolve("reid.pth");
    TorchCheckpointWriter.write(reid, reidFile);
    assertThatThrownBy(() -> CspModel.fromCheckpoint(reidFile)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a CSP detection model");

    Map<String, INDArray> partial = new LinkedHashMap<>(m.stateDict());
    partial.remove("bbox_head.csp_cls.bias");
    Path partialFile = dir.resolve("partial.pth");
    TorchCheckpointWriter.write(Map.of("state_dict", partial), partialFile);
    assertThatThrownBy(() -> CspModel.fromCheckpoint(partialFile)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CSP model lacks bbox_head.csp_cls.bias");
  }

  @Test
  void specRefusesWidthsGroupNormCannotSplit() {
    assertThatThrownBy(() -> new CspHead.Spec(List.of(32, 64, 128), 8, 48, 32))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of the 32 group-norm groups");
  }
}
