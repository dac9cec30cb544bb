package io.solider.tasks.search.head;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.RandomParameters;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.blocks.ParameterStore;
import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import io.solider.nn.checkpoint.TensorRef;
import io.solider.tasks.search.loss.OimLoss;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SeqNet on a SOLIDER Swin, as the person-search release builds it, with its state-dict keys:
 * <ul>
 *   <li>{@code backbone.swin.*}: the trunk (stages 0–2, {@code feat_res4} = norm2 map) and, the
 *       same module, {@code roi_heads.box_head.swin.*} (the first RoI head: stage 2's merging and
 *       controller, stage 3, norm3); one set of arrays listed under both prefixes;</li>
 *   <li>{@code roi_heads.reid_head.swin.*}: the second RoI head, an independent copy
 *       ({@code deepcopy(box_head)});</li>
 *   <li>{@code rpn.head.*}, {@code roi_heads.faster_rcnn_predictor.*},
 *       {@code roi_heads.box_predictor.*}, {@code roi_heads.embedding_head.*} (the head graphs'
 *       parameters and batch-norm buffers, in one {@link ParameterStore});</li>
 *   <li>{@code roi_heads.reid_loss.lut} and {@code .cq}: OIM's tables ({@link OimLoss}).</li>
 * </ul>
 * Arrays are live: training updates them in place and every graph built on them sees it.
 */
public final class SearchModel {

  /** The trunk's prefix. */
  public static final String TRUNK = "backbone.swin.";
  /** The first RoI head's prefix (the trunk's module again). */
  public static final String BOX_HEAD = "roi_heads.box_head.swin.";
  /** The re-id head's prefix. */
  public static final String REID_HEAD = "roi_heads.reid_head.swin.";
  /** OIM's look-up table. */
  public static final String LUT = "roi_heads.reid_loss.lut";
  /** OIM's circular queue. */
  public static final String QUEUE = "roi_heads.reid_loss.cq";
  /** The norm rescaler (BatchNorm1d(1)) of the norm-aware embedding. */
  public static final String RESCALER = "roi_heads.embedding_head.rescaler.";
  /** The embedding dimension. */
  public static final int EMBEDDING_DIM = NormAwareEmbedding.DIM;
  /** torchvision 0.14's name of the RPN's 3×3 convolution (0.8.2: {@code rpn.head.conv}). */
  private static final String RPN_CONV_0_14 = "rpn.head.conv.0.0.";
  private static final String RPN_CONV = "rpn.head.conv.";
  /** Release state-dict order of the head parts (module registration order). */
  private static final List<String> HEAD_ORDER = List.of("rpn.", "roi_heads.box_predictor.",
      "roi_heads.embedding_head.", "roi_heads.faster_rcnn_predictor.");

  private final Backbone trunk;
  private final Backbone reid;
  private final ParameterStore heads;
  private final OimLoss oim;

  private SearchModel(Backbone trunk, Backbone reid, ParameterStore heads, OimLoss oim) {
    if (!trunk.config().sameArchitecture(reid.config())) {
      throw new IllegalArgumentException("the re-id head's backbone (" + Backbone.describe(reid.config())
          + ") differs from the trunk's (" + Backbone.describe(trunk.config()) + ")");
    }
    this.trunk = trunk;
    this.reid = reid;
    this.heads = heads;
    this.oim = oim;
  }

  /**
   * A fresh model around a pretrained backbone, as the release's {@code resume_from_ckpt} makes it:
   * the backbone's tensors copied into the trunk (= box head) and, as independent arrays, into the
   * re-id head; the heads initialised as SeqNet does (from {@code seed}); OIM tables at zero.
   */
  public static SearchModel fromPretrained(Backbone pretrained, long seed, int lutSize, int queueSize) {
    Backbone trunk = copy(pretrained, "trunk");
    Backbone reid = copy(pretrained, "re-id head");
    return new SearchModel(trunk, reid, initializedHeads(trunk.config(), seed),
        new OimLoss(EMBEDDING_DIM, lutSize, queueSize, 0.5, 30.0));
  }

  /** A fresh model with a random backbone (the same random weights in trunk and re-id head, as a deep copy gives). */
  public static SearchModel initialized(SwinConfig arch, long seed, int lutSize, int queueSize) {
    return fromPretrained(Backbone.initialized(arch, seed), seed, lutSize, queueSize);
  }

  private static Backbone copy(Backbone b, String what) {
    Map<String, INDArray> dup = new LinkedHashMap<>();
    b.parameters().forEach((k, v) -> dup.put(k, v.dup('c')));
    return Backbone.fromTensors(dup, what).withConfig(b.config());
  }

  private static ParameterStore initializedHeads(SwinConfig arch, long seed) {
    ParameterStore store = ParameterStore.initialized(new RandomParameters(seed));
    defineHeads(store, arch);
    return store;
  }

  /** Asks the store for every head key once (creating fresh ones, or checking loaded ones exist). */
  private static void defineHeads(ParameterStore store, SwinConfig arch) {
    RpnHead.graph(store, arch.channels(2), 1, 1, AnchorGenerator.seqNet().perLocation(), false);
    RoiHeadGraphs.predictor(store, arch.channels(3), false);
    RoiHeadGraphs.boxAndEmbedding(store, arch.channels(2), arch.channels(3), EMBEDDING_DIM, false);
    store.getOrCreate(RESCALER + "weight", () -> Nd4j.ones(DataType.FLOAT, 1));
    store.getOrCreate(RESCALER + "bias", () -> Nd4j.zeros(DataType.FLOAT, 1));
    store.getOrCreate(RESCALER + "running_mean", () -> Nd4j.zeros(DataType.FLOAT, 1));
    store.getOrCreate(RESCALER + "running_var", () -> Nd4j.ones(DataType.FLOAT, 1));
    store.getOrCreate(RESCALER + "num_batches_tracked", () -> Nd4j.scalar(DataType.LONG, 0L));
  }

  /**
   * A model from a state dict in the release's layout (keys without the {@code model.} wrapper):
   * the trunk from {@code backbone.swin.*}, the re-id head from {@code roi_heads.reid_head.swin.*},
   * every head key, OIM's tables; {@code roi_heads.box_head.swin.*} is the trunk again and ignored.
   * torchvision 0.14's {@code rpn.head.conv.0.0.*} is read as 0.8.2's {@code rpn.head.conv.*}.
   *
   * @param source names the origin in error messages
   * @throws IllegalArgumentException naming the missing or misshapen keys
   */
  public static SearchModel fromStateDict(Map<String, INDArray> state, String source) {
    Map<String, INDArray> trunk = new LinkedHashMap<>();
    Map<String, INDArray> reid = new LinkedHashMap<>();
    Map<String, INDArray> rest = new LinkedHashMap<>();
    state.forEach((k, v) -> {
      if (k.startsWith(TRUNK)) {
        trunk.put(k.substring(TRUNK.length()), v);
      } else if (k.startsWith(REID_HEAD)) {
        reid.put(k.substring(REID_HEAD.length()), v);
      } else if (!k.startsWith(BOX_HEAD)) {
        rest.put(k.startsWith(RPN_CONV_0_14) ? RPN_CONV + k.substring(RPN_CONV_0_14.length()) : k, v);
      }
    });
    if (trunk.isEmpty() || !rest.containsKey(LUT) || !rest.keySet().stream().anyMatch(k -> k.startsWith("rpn."))) {
      throw new IllegalArgumentException(source + ": not a person-search model (no " + (trunk.isEmpty() ? TRUNK + "*"
          : !rest.containsKey(LUT) ? LUT : "rpn.*") + " keys; found e.g. " + sample(state.keySet()) + ")");
    }
    if (reid.isEmpty()) {
      throw new IllegalArgumentException(source + ": no " + REID_HEAD + "* keys (the re-id head's backbone copy)");
    }
    Backbone t = Backbone.fromTensors(trunk, source + " [" + TRUNK + "]");
    Backbone r = Backbone.fromTensors(reid, source + " [" + REID_HEAD + "]");
    INDArray lut = rest.remove(LUT);
    INDArray cq = rest.remove(QUEUE);
    if (cq == null || lut.rank() != 2 || cq.rank() != 2 || lut.size(1) != EMBEDDING_DIM || cq.size(1) != EMBEDDING_DIM) {
      throw new IllegalArgumentException(source + ": OIM tables " + LUT + " and " + QUEUE + " must be (N, "
          + EMBEDDING_DIM + "), got " + (lut == null ? "none" : Arrays.toString(lut.shape())) + " and "
          + (cq == null ? "none" : Arrays.toString(cq.shape())));
    }
    ParameterStore heads = ParameterStore.of(rest, source);
    checkHeads(heads, t.config(), source);
    OimLoss oim = new OimLoss(EMBEDDING_DIM, (int) lut.size(0), (int) cq.size(0), 0.5, 30.0);
    oim.restore(floats(lut), floats(cq), 0);
    return new SearchModel(t, r, heads, oim);
  }

  /**
   * Reads a person-search model file: the release's {@code epoch_N.pth} ({@code {'model': …,
   * 'optimizer': …}}), our {@code model.pth}, our training {@code checkpoint.pth}, or a bare state dict.
   */
  public static SearchModel fromCheckpoint(Path file) throws IOException {
    Map<String, INDArray> state = new LinkedHashMap<>();
    try (StateDict dict = Checkpoints.read(file)) {
      boolean wrapped = dict.tensors().keySet().stream().anyMatch(k -> k.startsWith("model." + TRUNK));
      for (Map.Entry<String, TensorRef> e : dict.tensors().entrySet()) {
        String k = e.getKey();
        if (wrapped && !k.startsWith("model.")) {
          continue;
        }
        if (k.endsWith("relative_position_index")) {
          continue;
        }
        TensorRef t = e.getValue();
        state.put(wrapped ? k.substring("model.".length()) : k,
            t.toINDArray(t.dtype().isFloating() ? DataType.FLOAT : DataType.LONG));
      }
    }
    return fromStateDict(state, file.toString());
  }

  private static void checkHeads(ParameterStore loaded, SwinConfig arch, String source) {
    ParameterStore fresh = ParameterStore.initialized(new RandomParameters(0));
    defineHeads(fresh, arch);
    List<String> problems = new ArrayList<>();
    fresh.state().forEach((k, v) -> {
      INDArray a = loaded.array(k);
      if (a == null) {
        problems.add("missing " + k);
      } else if (a.length() != v.length() || (v.rank() > 0 && !Arrays.equals(a.shape(), v.shape()))) {
        problems.add(k + " expected " + Arrays.toString(v.shape()) + " found " + Arrays.toString(a.shape()));
      }
    });
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(source + ": the person-search heads do not fit a "
          + Backbone.describe(arch) + " trunk: " + String.join("; ", problems));
    }
    defineHeads(loaded, arch);
  }

  private static String sample(java.util.Collection<String> keys) {
    return keys.stream().limit(4).toList().toString();
  }

  private static float[] floats(INDArray a) {
    return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }

  /** The trunk and first RoI head's backbone. */
  public Backbone trunk() {
    return trunk;
  }

  /** The re-id head's backbone. */
  public Backbone reidHead() {
    return reid;
  }

  /** The head graphs' parameters and buffers. */
  public ParameterStore heads() {
    return heads;
  }

  /** OIM with its tables (the loss's state). */
  public OimLoss oim() {
    return oim;
  }

  public SwinConfig arch() {
    return trunk.config();
  }

  /** This model with another drop-path rate (the arrays are shared). */
  public SearchModel withDropPathRate(double rate) {
    return new SearchModel(trunk.withConfig(trunk.config().withDropPathRate(rate)),
        reid.withConfig(reid.config().withDropPathRate(rate)), heads, oim);
  }

  /**
   * The trained parameters by release key (the live arrays), each once: {@code backbone.swin.*}
   * (not its {@code box_head} alias), {@code roi_heads.reid_head.swin.*} and the heads' weights
   * and biases (not batch-norm buffers, not OIM's tables).
   */
  public Map<String, INDArray> parameters() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    trunk.parameters().forEach((k, v) -> m.put(TRUNK + k, v));
    heads.state().forEach((k, v) -> {
      if (!k.endsWith("running_mean") && !k.endsWith("running_var") && !k.endsWith("num_batches_tracked")) {
        m.put(k, v);
      }
    });
    reid.parameters().forEach((k, v) -> m.put(REID_HEAD + k, v));
    return m;
  }

  /**
   * The release's {@code model.state_dict()} (without the int64 {@code relative_position_index}
   * buffers, which the loaders drop): trunk, RPN, box head (the trunk's arrays again), box
   * predictor, embedding head, OIM's tables, Faster R-CNN predictor, re-id head. The OIM tables are
   * copies; everything else is live.
   */
  public Map<String, INDArray> stateDict() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    trunk.parameters().forEach((k, v) -> m.put(TRUNK + k, v));
    putHeads(m, HEAD_ORDER.get(0));
    trunk.parameters().forEach((k, v) -> m.put(BOX_HEAD + k, v));
    putHeads(m, HEAD_ORDER.get(1));
    putHeads(m, HEAD_ORDER.get(2));
    m.put(LUT, Nd4j.create(oim.lut(), new long[] {oim.lutSize(), EMBEDDING_DIM}, 'c'));
    m.put(QUEUE, Nd4j.create(oim.queue(), new long[] {oim.queueSize(), EMBEDDING_DIM}, 'c'));
    putHeads(m, HEAD_ORDER.get(3));
    reid.parameters().forEach((k, v) -> m.put(REID_HEAD + k, v));
    return m;
  }

  private void putHeads(Map<String, INDArray> m, String prefix) {
    heads.state().forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        m.put(k, v);
      }
    });
  }
}
