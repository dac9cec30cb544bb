package io.solider.ssl.trainer;

import io.solider.nn.backbone.BackboneMode;
import io.solider.nn.backbone.SwinBackbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.exec.GraphRunner;
import io.solider.nn.util.GraphParameters;
import io.solider.ssl.heads.DinoHead;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The teacher: the same backbone and DINO head graph code as the student, built for inference
 * at the global crop size (no drop path, no gradients). Its arrays are updated in place by
 * {@link io.solider.nn.train.ParameterEma}.
 */
public final class TeacherGraph {

  public static final String LOGITS = "teacher_logits";

  private final SameDiff sd;
  private final SwinBackbone.Nodes nodes;
  private final SDVariable logits;
  private final GraphRunner runner;

  private TeacherGraph(SameDiff sd, SwinBackbone.Nodes nodes, SDVariable logits) {
    this.sd = sd;
    this.nodes = nodes;
    this.logits = logits;
    this.runner = GraphRunner.of(sd);
  }

  /**
   * Builds the teacher from arrays keyed like the student's ({@code backbone.*}, {@code head.*});
   * the arrays are used as they are (pass copies).
   */
  public static TeacherGraph build(PretrainConfig cfg, Map<String, INDArray> params) {
    SameDiff sd = SameDiff.create();
    ParamFactory root = new ParamFactory(sd, (key, init, shape) -> {
      INDArray a = params.get(key);
      if (a == null || !Arrays.equals(a.shape(), shape)) {
        throw new IllegalArgumentException("teacher parameter " + key + " is "
            + (a == null ? "missing" : Arrays.toString(a.shape())) + ", needs " + Arrays.toString(shape));
      }
      return a;
    });
    SwinBackbone.Nodes n = SwinBackbone.build(root.child(StudentGraph.BACKBONE), "", cfg.arch(),
        cfg.crops().globalHeight(), cfg.crops().globalWidth(), BackboneMode.INFERENCE);
    DinoHead head = new DinoHead(root.child(StudentGraph.HEAD), cfg.arch().pooledDim(), cfg.heads().dino());
    SDVariable logits = sd.identity(LOGITS, head.apply(n.pooled()));
    return new TeacherGraph(sd, n, logits);
  }

  /** Teacher outputs of one batch: last-stage maps (N, C, h, w) and head outputs (N, K). */
  public record Outputs(INDArray lastStage, INDArray logits) {}

  /** Runs the teacher on (N, 3, H, W) images with per-image rows [λ, 1 − λ]. */
  public Outputs forward(INDArray images, INDArray semanticWeight) {
    String stage = nodes.stages().get(SwinConfig.NUM_STAGES - 1).name();
    Map<String, INDArray> out = runner.output(Map.of(nodes.input().name(), images,
        nodes.semanticWeight().name(), semanticWeight), List.of(stage, LOGITS));
    return new Outputs(out.get(stage), out.get(LOGITS));
  }

  public SameDiff sameDiff() {
    return sd;
  }

  /** The teacher's parameters by key (live arrays). */
  public Map<String, INDArray> parameters() {
    return GraphParameters.of(sd);
  }
}
