package io.solider.ssl.trainer;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.BackboneMode;
import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.SwinBackbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.blocks.ParameterSource;
import io.solider.nn.exec.GraphRunner;
import io.solider.nn.util.GradientFunctions;
import io.solider.nn.util.GraphParameters;
import io.solider.nn.util.SameDiffSessions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The student with its backbone recomputed block by block ({@link RecomputingBackbone}, one per
 * crop size, sharing the same parameter arrays) and the DINO head, part classifier and both
 * losses as a separate small graph on the backbone's outputs. A step runs the backbones forward
 * without keeping activations, the head graph forward and backward (its gradients with respect to
 * the pooled features and the last-stage maps are what the backbones need), then each backbone's
 * recomputing backward pass; the two instances' parameter gradients are summed, as the whole graph
 * sums the two paths into the shared variables.
 *
 * <p>Same losses and gradients as {@link StudentGraph} (tested to float rounding), with memory of
 * one block's activations instead of the whole network's. Needs dropout rates of 0 (the
 * release's); drop path is exact because its masks are inputs.
 */
public final class RecomputingStudent implements Student {

  /** Variables of the head graph standing for the backbone outputs (their gradients feed the backbones). */
  static final String GLOBAL_POOLED = "global_pooled";
  static final String GLOBAL_MAP = "global_map";
  static final String LOCAL_POOLED = "local_pooled";

  private final PretrainConfig cfg;
  private final Map<String, INDArray> backboneParams;
  private final RecomputingBackbone global;
  private final RecomputingBackbone local;
  private final SameDiff heads;
  private final GraphRunner headRunner;
  private final Map<String, INDArray> parameters = new LinkedHashMap<>();
  private final List<String> unreached = new ArrayList<>();
  private final StepProfile profile;

  private RecomputingStudent(PretrainConfig cfg, Map<String, INDArray> backboneParams, RecomputingBackbone global,
      RecomputingBackbone local, SameDiff heads, StepProfile profile) {
    this.cfg = cfg;
    this.profile = profile;
    this.backboneParams = backboneParams;
    this.global = global;
    this.local = local;
    this.heads = heads;
    this.headRunner = GraphRunner.of(heads);
    backboneParams.forEach((k, v) -> parameters.put(StudentGraph.BACKBONE + "." + k, v));
    GraphParameters.of(heads).forEach((k, v) -> {
      if (!k.equals(GLOBAL_POOLED) && !k.equals(GLOBAL_MAP) && !k.equals(LOCAL_POOLED)) {
        parameters.put(k, v);
      }
    });
    // What the whole graph leaves without a gradient: the norms of stages 0..2 (only the last
    // stage's output is used) and the controller after the last stage (the backbone never applies it).
    int last = SwinConfig.NUM_STAGES - 1;
    for (String k : backboneParams.keySet()) {
      boolean earlyNorm = k.matches("norm[0-" + (last - 1) + "]\\..*");
      boolean lastController = k.startsWith("semantic_embed_w." + last + ".") || k.startsWith("semantic_embed_b." + last + ".");
      if (earlyNorm || lastController) {
        unreached.add(StudentGraph.BACKBONE + "." + k);
      }
    }
  }

  /** Builds the student; {@code params} supplies every parameter by key (fresh or restored), as for {@link StudentGraph}. */
  public static RecomputingStudent build(PretrainConfig cfg, ParameterSource params) {
    return build(cfg, params, new StepProfile());
  }

  /** As {@link #build(PretrainConfig, ParameterSource)}, timing the step's phases into {@code profile}. */
  public static RecomputingStudent build(PretrainConfig cfg, ParameterSource params, StepProfile profile) {
    SwinConfig arch = cfg.arch();
    var crops = cfg.crops();
    // The backbone's arrays, created by the same factory calls as the whole graph (so the same
    // initial values), in a graph used only to collect them.
    SameDiff collect = SameDiff.create();
    SwinBackbone.build(new ParamFactory(collect, params).child(StudentGraph.BACKBONE), "", arch, crops.globalHeight(),
        crops.globalWidth(), BackboneMode.INFERENCE);
    Map<String, INDArray> bb = new LinkedHashMap<>();
    String prefix = StudentGraph.BACKBONE + ".";
    GraphParameters.of(collect).forEach((k, v) -> bb.put(k.substring(prefix.length()), v));
    Backbone backbone = Backbone.fromTensors(bb, "student").withConfig(arch);
    Map<String, INDArray> shared = backbone.parameters();
    RecomputingBackbone g = new RecomputingBackbone(backbone, crops.globalHeight(), crops.globalWidth());
    RecomputingBackbone l = crops.localCrops() > 0
        ? new RecomputingBackbone(backbone, crops.localHeight(), crops.localWidth()) : null;

    SameDiff sd = SameDiff.create();
    int d = arch.pooledDim();
    int stride = arch.patchSize() * 8;
    SDVariable gp = sd.placeHolder(GLOBAL_POOLED, DataType.FLOAT, -1, d);
    SDVariable gm = sd.placeHolder(GLOBAL_MAP, DataType.FLOAT, -1, arch.channels(SwinConfig.NUM_STAGES - 1),
        crops.globalHeight() / stride, crops.globalWidth() / stride);
    SDVariable lp = l != null ? sd.placeHolder(LOCAL_POOLED, DataType.FLOAT, -1, d) : null;
    StudentGraph.buildHeadsAndLosses(new ParamFactory(sd, params), cfg, gp, gm, lp);
    sd.setLossVariables(StudentGraph.LOSS);
    // Gradients with respect to the backbone outputs: they must be variables (placeholders get no
    // gradient), converted before the gradient function is created; each step sets its arrays.
    List<SDVariable> inputs = new ArrayList<>(List.of(gp, gm));
    if (lp != null) {
      inputs.add(lp);
    }
    for (SDVariable v : inputs) {
      long[] shape = v.placeholderShape().clone();
      shape[0] = 1;
      v.setArray(Nd4j.zeros(DataType.FLOAT, shape));
    }
    sd.convertToVariables(inputs);
    GradientFunctions.create(sd);
    return new RecomputingStudent(cfg, shared, g, l, sd, profile);
  }

  @Override
  public Map<String, INDArray> parameters() {
    return parameters;
  }

  @Override
  public int tokensPerMap() {
    return StudentGraph.tokensPerMap(cfg);
  }

  @Override
  public Step lossAndGradients(Map<String, INDArray> inputs, List<String> names) {
    long t = profile.start();
    RecomputingBackbone.ForwardPass fg = global.forward(input(inputs, StudentGraph.GLOBAL, SwinBackbone.INPUT),
        input(inputs, StudentGraph.GLOBAL, SwinBackbone.SEMANTIC_WEIGHT),
        inputs.get(SwinBackbone.scoped(StudentGraph.GLOBAL, SwinBackbone.DROP_PATH_KEEP)));
    t = profile.end("student backbone forward, global", t);
    RecomputingBackbone.ForwardPass fl = local == null ? null
        : local.forward(input(inputs, StudentGraph.LOCAL, SwinBackbone.INPUT),
            input(inputs, StudentGraph.LOCAL, SwinBackbone.SEMANTIC_WEIGHT),
            inputs.get(SwinBackbone.scoped(StudentGraph.LOCAL, SwinBackbone.DROP_PATH_KEEP)));
    t = profile.end("student backbone forward, local", t);
    int last = SwinConfig.NUM_STAGES - 1;
    heads.getVariable(GLOBAL_POOLED).setArray(fg.outputs().pooled());
    heads.getVariable(GLOBAL_MAP).setArray(fg.outputs().stage(last));
    if (fl != null) {
      heads.getVariable(LOCAL_POOLED).setArray(fl.outputs().pooled());
    }
    Map<String, INDArray> ph = new HashMap<>();
    for (String k : List.of(StudentGraph.DINO_SELECT, StudentGraph.DINO_TARGETS, StudentGraph.PART_SELECT,
        StudentGraph.PART_LABELS, StudentGraph.PART_WEIGHTS)) {
      ph.put(k, inputs.get(k));
    }
    List<String> wanted = new ArrayList<>();
    List<String> backboneNames = new ArrayList<>();
    for (String n : names) {
      if (n.startsWith(StudentGraph.BACKBONE + ".")) {
        backboneNames.add(n);
      } else {
        wanted.add(n);
      }
    }
    wanted.add(GLOBAL_POOLED);
    wanted.add(GLOBAL_MAP);
    if (fl != null) {
      wanted.add(LOCAL_POOLED);
    }
    OutAndGrad r = headRunner.outputsAndGradients(ph,
        List.of(StudentGraph.DINO_LOSS, StudentGraph.SEMANTIC_LOSS, StudentGraph.PART_LOGITS), wanted);
    Map<String, INDArray> hg = r.getGradients();
    double dino = r.getOutputs().get(StudentGraph.DINO_LOSS).getDouble(0);
    double semantic = r.getOutputs().get(StudentGraph.SEMANTIC_LOSS).getDouble(0);
    INDArray partLogits = r.getOutputs().get(StudentGraph.PART_LOGITS);
    t = profile.end("heads and losses forward + backward", t);
    Map<String, INDArray> grads = new LinkedHashMap<>();
    if (!backboneNames.isEmpty()) {
      List<INDArray> stageGrads = Arrays.asList(new INDArray[SwinConfig.NUM_STAGES]);
      stageGrads.set(last, hg.get(GLOBAL_MAP));
      Map<String, INDArray> bg = global.backward(fg, hg.get(GLOBAL_POOLED), stageGrads).parameters();
      t = profile.end("student backbone backward, global", t);
      Map<String, INDArray> lg = fl == null ? Map.of() : local.backward(fl, hg.get(LOCAL_POOLED), null).parameters();
      t = profile.end("student backbone backward, local", t);
      for (String n : names) {
        if (!n.startsWith(StudentGraph.BACKBONE + ".") || unreached.contains(n)) {
          continue;
        }
        String k = n.substring(StudentGraph.BACKBONE.length() + 1);
        INDArray g = bg.get(k);
        if (g == null) {
          throw new IllegalArgumentException("no backbone parameter " + k);
        }
        INDArray gl = lg.get(k);
        grads.put(n, gl == null ? g : g.add(gl));
      }
    }
    for (String n : names) {
      INDArray g = hg.get(n);
      if (g != null) {
        grads.put(n, g);
      }
    }
    SameDiffSessions.clear(heads);
    profile.end("gradient sums", t);
    return new Step(dino, semantic, partLogits, grads);
  }

  /**
   * A copy of a backbone input: the first segment's input is a SameDiff variable, and M2.1's
   * {@code setArray} copies later arrays of the same shape into the first one it was given, so an
   * array the caller closes after the step would be written into (a native crash); the copies are
   * never closed here and go with the garbage collector.
   */
  private static INDArray input(Map<String, INDArray> inputs, String scope, String name) {
    INDArray a = inputs.get(SwinBackbone.scoped(scope, name));
    if (a == null) {
      throw new IllegalArgumentException("missing student input " + SwinBackbone.scoped(scope, name));
    }
    return name.equals(SwinBackbone.INPUT) ? a.dup() : a;
  }
}
