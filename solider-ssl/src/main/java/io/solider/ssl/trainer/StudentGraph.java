package io.solider.ssl.trainer;

import io.solider.nn.backbone.BackboneMode;
import io.solider.nn.backbone.SwinBackbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.blocks.ParameterSource;
import io.solider.nn.exec.GraphRunner;
import io.solider.nn.util.GradientFunctions;
import io.solider.nn.util.GraphParameters;
import io.solider.ssl.heads.DinoHead;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The student's training graph: backbone (one instance per crop size, sharing parameters),
 * DINO head, part classifier and both losses, so one {@code calculateGradients} gives the whole
 * step's gradient.
 *
 * <p>Placeholders besides each backbone instance's ({@code global/…}, {@code local/…}):
 * <ul>
 *   <li>{@value #DINO_SELECT} (2B, M + 2B): one-hot rows picking the 2B unmasked global views out
 *       of the global instance's batch [M masked views; global 1; global 2];
 *   <li>{@value #DINO_TARGETS} (ncrops·B, K): {@link io.solider.ssl.loss.DinoLoss#targets}, the
 *       teacher's centred, sharpened distributions already summed over the pairs and scaled;
 *   <li>{@value #PART_SELECT} (R, M + 2B): one-hot rows picking the maps whose tokens are
 *       classified (the M masked views, then their M unmasked global views);
 *   <li>{@value #PART_LABELS} (R·h·w, P + 1): one-hot pseudo labels per token;
 *   <li>{@value #PART_WEIGHTS} (R·h·w): per-token weight λ·w_sem/(R·h·w).
 * </ul>
 * Outputs: {@value #DINO_LOSS} = −Σ targets ⊙ log_softmax(s/τ_s), {@value #SEMANTIC_LOSS} =
 * Σ weights ⊙ CE(part logits, labels), {@value #LOSS} their sum, {@value #PART_LOGITS}.
 */
public final class StudentGraph implements Student {

  public static final String GLOBAL = "global";
  public static final String LOCAL = "local";
  public static final String DINO_SELECT = "dino_select";
  public static final String DINO_TARGETS = "dino_targets";
  public static final String PART_SELECT = "part_select";
  public static final String PART_LABELS = "part_labels";
  public static final String PART_WEIGHTS = "part_weights";
  public static final String DINO_LOSS = "dino_loss";
  public static final String SEMANTIC_LOSS = "semantic_loss";
  public static final String LOSS = "loss";
  public static final String PART_LOGITS = "part_logits";
  public static final String STUDENT_LOGITS = "student_logits";

  /** Key prefixes: the student's backbone and DINO head (release names) and the part classifier. */
  public static final String BACKBONE = "backbone";
  public static final String HEAD = "head";
  public static final String PART_CLASSIFIER = "part_classifier";

  private final SameDiff sd;
  private final SwinBackbone.Nodes global;
  private final SwinBackbone.Nodes local;
  private final int tokenGrid;
  private final GraphRunner runner;

  private StudentGraph(SameDiff sd, SwinBackbone.Nodes global, SwinBackbone.Nodes local, int tokenGrid) {
    this.sd = sd;
    this.global = global;
    this.local = local;
    this.tokenGrid = tokenGrid;
    this.runner = GraphRunner.of(sd);
  }

  /** Builds the graph; {@code params} supplies every parameter by key (fresh or restored). */
  public static StudentGraph build(PretrainConfig cfg, ParameterSource params) {
    SameDiff sd = SameDiff.create();
    ParamFactory root = new ParamFactory(sd, params);
    SwinConfig arch = cfg.arch();
    var crops = cfg.crops();
    SwinBackbone.Nodes g = SwinBackbone.build(root.child(BACKBONE), GLOBAL, arch, crops.globalHeight(),
        crops.globalWidth(), BackboneMode.TRAINING);
    SwinBackbone.Nodes l = crops.localCrops() > 0
        ? SwinBackbone.build(root.child(BACKBONE), LOCAL, arch, crops.localHeight(), crops.localWidth(),
            BackboneMode.TRAINING)
        : null;
    SDVariable gMap = g.stages().get(SwinConfig.NUM_STAGES - 1);
    buildHeadsAndLosses(root, cfg, g.pooled(), gMap, l == null ? null : l.pooled());
    sd.setLossVariables(LOSS);
    GradientFunctions.create(sd);
    return new StudentGraph(sd, g, l, tokensPerMap(cfg));
  }

  /** Last-stage tokens per global view. */
  static int tokensPerMap(PretrainConfig cfg) {
    int stride = cfg.arch().patchSize() * 8;
    return (cfg.crops().globalHeight() / stride) * (cfg.crops().globalWidth() / stride);
  }

  /**
   * DINO head, part classifier and both losses on the backbone outputs (the global instance's
   * pooled features and last-stage maps, the local instance's pooled features or null); adds the
   * head placeholders and the outputs {@value #DINO_LOSS}, {@value #SEMANTIC_LOSS},
   * {@value #PART_LOGITS}, {@value #STUDENT_LOGITS} and {@value #LOSS}.
   */
  static void buildHeadsAndLosses(ParamFactory root, PretrainConfig cfg, SDVariable globalPooled,
      SDVariable globalMap, SDVariable localPooled) {
    SameDiff sd = root.sd();
    SwinConfig arch = cfg.arch();
    var crops = cfg.crops();
    int dim = arch.pooledDim();
    DinoHead head = new DinoHead(root.child(HEAD), dim, cfg.heads().dino());
    DinoHead partHead = new DinoHead(root.child(PART_CLASSIFIER), dim, cfg.heads().part());

    // DINO loss on the 2 + N crops.
    SDVariable dinoSelect = sd.placeHolder(DINO_SELECT, DataType.FLOAT, -1, -1);
    SDVariable targets = sd.placeHolder(DINO_TARGETS, DataType.FLOAT, -1, cfg.heads().dino().outDim());
    SDVariable pooled = sd.mmul(dinoSelect, globalPooled);
    if (localPooled != null) {
      pooled = sd.concat(0, pooled, localPooled);
    }
    SDVariable logits = sd.identity(STUDENT_LOGITS, head.apply(pooled));
    SDVariable logp = logSoftmax(sd, logits.div(cfg.distillation().studentTemp()));
    SDVariable dino = sd.math().neg(targets.mul(logp).sum()).rename(DINO_LOSS);

    // Semantic loss on the last-stage tokens of the masked views and their unmasked originals.
    int h = crops.globalHeight() / (arch.patchSize() * 8);
    int w = crops.globalWidth() / (arch.patchSize() * 8);
    int c = arch.channels(SwinConfig.NUM_STAGES - 1);
    SDVariable partSelect = sd.placeHolder(PART_SELECT, DataType.FLOAT, -1, -1);
    SDVariable labels = sd.placeHolder(PART_LABELS, DataType.FLOAT, -1, cfg.semantic().parts() + 1);
    SDVariable weights = sd.placeHolder(PART_WEIGHTS, DataType.FLOAT, -1);
    SDVariable maps = globalMap.permute(0, 2, 3, 1).reshape(-1, (long) h * w * c);
    SDVariable tokens = sd.mmul(partSelect, maps).reshape(-1, c);
    SDVariable partLogits = sd.identity(PART_LOGITS, partHead.apply(tokens));
    SDVariable ce = sd.math().neg(labels.mul(logSoftmax(sd, partLogits)).sum(1));
    SDVariable semantic = ce.mul(weights).sum().rename(SEMANTIC_LOSS);
    dino.add(LOSS, semantic);
  }

  @Override
  public Step lossAndGradients(Map<String, INDArray> inputs, List<String> names) {
    OutAndGrad r = runner.outputsAndGradients(inputs, List.of(DINO_LOSS, SEMANTIC_LOSS, PART_LOGITS), names);
    Map<String, INDArray> grads = new LinkedHashMap<>();
    for (String n : names) {
      INDArray g = r.getGradients().get(n);
      if (g != null) {
        grads.put(n, g);
      }
    }
    return new Step(r.getOutputs().get(DINO_LOSS).getDouble(0), r.getOutputs().get(SEMANTIC_LOSS).getDouble(0),
        r.getOutputs().get(PART_LOGITS), grads);
  }

  /** {@code x − log Σ exp x} over the last axis of a (N, K) tensor, from primitives (exact gradient). */
  static SDVariable logSoftmax(SameDiff sd, SDVariable x) {
    SDVariable shifted = x.sub(x.max(true, 1));
    SDVariable lse = sd.math().log(sd.math().exp(shifted).sum(true, 1));
    return shifted.sub(lse);
  }

  public SameDiff sameDiff() {
    return sd;
  }

  public SwinBackbone.Nodes global() {
    return global;
  }

  /** The local-crop instance, or null without local crops. */
  public SwinBackbone.Nodes local() {
    return local;
  }

  @Override
  public int tokensPerMap() {
    return tokenGrid;
  }

  @Override
  public Map<String, INDArray> parameters() {
    return GraphParameters.of(sd);
  }
}
