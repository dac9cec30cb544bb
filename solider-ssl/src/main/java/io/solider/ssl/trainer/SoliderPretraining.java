package io.solider.ssl.trainer;

import static io.solider.nn.backbone.SwinBackbone.scoped;

import io.solider.nn.backbone.DropPath;
import io.solider.nn.backbone.RandomParameters;
import io.solider.nn.backbone.SwinBackbone;
import io.solider.nn.blocks.ParameterSource;
import io.solider.nn.exec.BufferPool;
import io.solider.nn.optim.AdamW;
import io.solider.nn.train.NonFiniteLossException;
import io.solider.nn.train.ParameterEma;
import io.solider.nn.train.Position;
import io.solider.nn.train.RunFolder;
import io.solider.nn.train.Schedules;
import io.solider.nn.train.TrainingRun;
import io.solider.nn.util.Seeds;
import io.solider.ssl.augment.MultiCropBatch;
import io.solider.ssl.cluster.SemanticClustering;
import io.solider.ssl.heads.DinoHead;
import io.solider.ssl.loss.DinoLoss;
import io.solider.ssl.loss.DinoLossConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The state of a SOLIDER pretraining run (student and teacher graphs, DINO loss with its
 * center, AdamW state, schedules) and its training step, in the release's order
 * (main_solider.py {@code train_one_epoch}, SOLIDER.md §4):
 * <ol>
 *   <li>teacher, λ = 1, on the 2 global views → last-stage maps;
 *   <li>teacher, λ ∈ {0, 1} drawn per image (shared by all its views), on the 2 global views →
 *       DINO targets (both teacher passes run as one batch, the second only for the views whose λ is not 1);
 *   <li>semantic clustering of the maps of step 1 → kept views and part maps;
 *   <li>one part k drawn, its pixels zeroed in the kept views → masked views;
 *   <li>student on [masked views; 2 global; N local], each with its image's λ;
 *   <li>DINO loss on the 2 + N crops; 7. semantic loss on the tokens of the masked views and
 *       their unmasked originals, weighted by λ; 8. their sum, AdamW (per-parameter clipping,
 *       last layer frozen in the first epoch(s)), EMA teacher, center update.
 * </ol>
 * A step where no view is kept has no masked views and no semantic loss (the release would feed
 * unmasked views with no semantic weights and fail).
 *
 * <p>Every random choice of step {@code it} comes from a generator seeded by (seed, it), so a run
 * resumed at any iteration repeats the uninterrupted one. Not thread-safe.
 */
public final class SoliderPretraining implements TrainingRun<MultiCropBatch, StepStats> {

  /** System property: the most a pretraining step's buffer pool keeps, in megabytes. */
  public static final String POOL_PROPERTY = "solider.pretrain.poolMb";
  // A step runs many graphs of many shapes (teacher, student segments, heads, two crop sizes): a
  // pool above 1 GiB hoarded their buffers without saving time (Swin-T, batch 8: 27.7 s and
  // 11.0 GB against 27.9 s and 8.2 GB) or lost it (C=16: 1.5x slower); docs/PERFORMANCE.md.
  private static final long POOL_LIMIT_BYTES = Long.getLong(POOL_PROPERTY, 1024) << 20;

  private final PretrainConfig config;
  private final int itersPerEpoch;
  private final Student student;
  private final TeacherGraph teacher;
  private final DinoLoss dinoLoss;
  private final AdamW optimizer;
  private final SemanticClustering clustering;
  private final double[] lr;
  private final double[] wd;
  private final double[] momentum;
  private final List<String> trainable;
  private final List<String> emaKeys;
  private final StepProfile profile = new StepProfile();

  private SoliderPretraining(PretrainConfig config, int itersPerEpoch, ParameterSource studentParams,
      Map<String, INDArray> teacherParams, boolean recompute) {
    this.config = config;
    this.itersPerEpoch = itersPerEpoch;
    this.student = recompute ? RecomputingStudent.build(config, studentParams, profile)
        : StudentGraph.build(config, studentParams);
    Map<String, INDArray> sp = student.parameters();
    this.emaKeys = student.trainable(false);
    Map<String, INDArray> t = new LinkedHashMap<>();
    for (String k : emaKeys) {
      INDArray given = teacherParams == null ? null : teacherParams.get(k);
      t.put(k, (given == null ? sp.get(k) : given).dup());
    }
    this.teacher = TeacherGraph.build(config, t);
    this.dinoLoss = new DinoLoss(new DinoLossConfig(config.heads().dino().outDim(), config.crops().crops(),
        config.distillation().warmupTeacherTemp(), config.distillation().teacherTemp(), config.distillation().warmupTeacherTempEpochs(), config.schedule().epochs(),
        config.distillation().studentTemp(), config.distillation().centerMomentum()));
    this.optimizer = AdamW.torchDefaults();
    this.clustering = SemanticClustering.of(config.semantic().parts());
    this.lr = Schedules.cosine(config.peakLr(), config.schedule().minLr(), config.schedule().epochs(), itersPerEpoch,
        config.schedule().warmupEpochs(), 0);
    this.wd = Schedules.cosine(config.schedule().weightDecay(), config.schedule().weightDecayEnd(), config.schedule().epochs(), itersPerEpoch);
    this.momentum = Schedules.cosine(config.distillation().momentumTeacher(), 1, config.schedule().epochs(), itersPerEpoch);
    this.trainable = student.trainable(config.semantic().trainPartClassifier());
  }

  /** A fresh run with the recomputing student: student initialised from the seed, teacher a copy of it, center 0. */
  public static SoliderPretraining create(PretrainConfig config, int itersPerEpoch) {
    return create(config, itersPerEpoch, true);
  }

  /**
   * A fresh run.
   *
   * @param recompute the student's backbone recomputed block by block ({@link RecomputingStudent},
   *     the same numbers in far less memory) instead of one whole graph ({@link StudentGraph})
   */
  public static SoliderPretraining create(PretrainConfig config, int itersPerEpoch, boolean recompute) {
    return new SoliderPretraining(config, itersPerEpoch, new RandomParameters(config.seed()), null, recompute);
  }

  /** A run restored from parameter maps (see {@link PretrainCheckpoint}). */
  static SoliderPretraining restore(PretrainConfig config, int itersPerEpoch, Map<String, INDArray> studentParams,
      Map<String, INDArray> teacherParams, boolean recompute) {
    ParameterSource src = (key, init, shape) -> {
      INDArray a = studentParams.get(key);
      if (a == null || !Arrays.equals(a.shape(), shape)) {
        throw new IllegalArgumentException("checkpoint parameter " + key + " is "
            + (a == null ? "missing" : Arrays.toString(a.shape())) + ", the graph needs " + Arrays.toString(shape));
      }
      return a.castTo(DataType.FLOAT).dup();
    };
    return new SoliderPretraining(config, itersPerEpoch, src, teacherParams, recompute);
  }

  public PretrainConfig config() {
    return config;
  }

  public int itersPerEpoch() {
    return itersPerEpoch;
  }

  public Student student() {
    return student;
  }

  public TeacherGraph teacher() {
    return teacher;
  }

  public DinoLoss dinoLoss() {
    return dinoLoss;
  }

  public AdamW optimizer() {
    return optimizer;
  }

  /** Time per phase of the steps run so far (the recomputing student's phases included). */
  public StepProfile profile() {
    return profile;
  }

  public double[] learningRates() {
    return lr.clone();
  }

  /** The random generator of step {@code it}: a function of (seed, it) only ({@link Seeds.Stream#STEP}). */
  public SplittableRandom stepRandom(long it) {
    return Seeds.random(config.seed(), Seeds.Stream.STEP, it);
  }

  /**
   * One training step.
   *
   * @param at where the step runs (its iteration indexes the schedules and seeds its draws)
   * @throws NonFiniteLossException before any parameter changes, if a loss term is NaN or infinite
   */
  @Override
  public StepStats step(MultiCropBatch batch, Position at) {
    long start = System.nanoTime();
    long it = at.iteration();
    int epoch = (int) (it / itersPerEpoch);
    try (BufferPool.Scope pool = BufferPool.current().limit(POOL_LIMIT_BYTES);
        StepInputs in = prepare(batch, it, epoch)) {
      return train(in, at, epoch, start);
    }
  }

  /** Writes the checkpoint and the teacher in the release's layout. */
  @Override
  public void save(RunFolder folder, Position next) throws IOException {
    PretrainCheckpoint.write(this, next, folder.checkpoint());
    PretrainCheckpoint.exportTeacher(this, folder.file(PretrainCheckpoint.TEACHER));
  }

  /** The student's parameters, the trained ones ({@code backbone.…}, {@code head.…}, {@code part_classifier.…}). */
  @Override
  public Map<String, INDArray> parameters() {
    return student.parameters();
  }

  private StepStats train(StepInputs in, Position at, int epoch, long start) {
    long it = at.iteration();
    List<String> names = new ArrayList<>(trainable);
    if (epoch < config.training().freezeLastLayerEpochs()) {
      names.removeIf(n -> n.endsWith(DinoHead.LAST_LAYER));
    }
    long t = profile.start();
    Student.Step r = student.lossAndGradients(in.placeholders, names);
    // The recomputing student times its own phases.
    t = student instanceof RecomputingStudent ? profile.start() : profile.end("student (whole graph)", t);
    double dino = r.dinoLoss();
    double semantic = r.semanticLoss();
    if (!Double.isFinite(dino)) {
      throw new NonFiniteLossException("dino", dino, it);
    }
    if (!Double.isFinite(semantic)) {
      throw new NonFiniteLossException("semantic", semantic, it);
    }
    double acc = in.kept > 0 ? accuracy(r.partLogits(), in.labels) : Double.NaN;
    // Parameters the loss does not reach (norm0..2, the last stage's controller) have no
    // gradient: torch skips them in clipping, decay and Adam alike.
    Map<String, INDArray> grads = r.gradients();
    double gradSq = 0;
    for (double g : AdamW.clipPerParameter(grads, config.training().clipGrad()).values()) {
      gradSq += g * g;
    }
    t = profile.end("clip", t);
    Map<String, INDArray> params = student.parameters();
    int i = (int) it;
    double updSq = optimizer.step(params, grads, grads.keySet(), lr[i], wd[i]);
    t = profile.end("adamw", t);
    ParameterEma.update(teacher.parameters(), params, emaKeys, momentum[i]);
    t = profile.end("ema", t);
    dinoLoss.updateCenter(in.teacherLogits);
    t = profile.end("center", t);
    double paramSq = 0;
    for (String n : trainable) {
      double v = params.get(n).norm2Number().doubleValue();
      paramSq += v * v;
    }
    profile.end("statistics", t);
    double keptLambda = 0;
    for (int j = 0; j < in.kept; j++) {
      keptLambda += in.keptLambda[j];
    }
    keptLambda = in.kept > 0 ? keptLambda / in.kept : 0;
    return new StepStats(at, dino, semantic, acc, in.kept, keptLambda, lr[i], wd[i], momentum[i], Math.sqrt(gradSq),
        Math.sqrt(updSq), Math.sqrt(paramSq), config.training().batchSize(), (System.nanoTime() - start) / 1e9);
  }

  /** The student's placeholders of one step, and what the step needs afterwards. */
  static final class StepInputs implements AutoCloseable {
    final Map<String, INDArray> placeholders = new HashMap<>();
    INDArray borrowed;
    INDArray teacherLogits;
    int kept;
    int[] labels;
    float[] keptLambda = new float[0];
    int part;
    SemanticClustering.Masks masks;

    @Override
    public void close() {
      for (INDArray a : placeholders.values()) {
        if (a != borrowed && !a.wasClosed()) {
          a.close();
        }
      }
    }
  }

  /** Steps 1–5 up to the student's inputs (package-private for the gradient check). */
  StepInputs prepare(MultiCropBatch batch, long it, int epoch) {
    SplittableRandom rng = stepRandom(it);
    int b = batch.size();
    StepInputs in = new StepInputs();
    INDArray globals = Nd4j.concat(0, batch.global1(), batch.global2());
    float[] lambda = new float[b];
    Double fixed = config.semantic().fixedLambda();
    for (int j = 0; j < b; j++) {
      // Drawn even when fixed, so the step's other draws are the same in both settings.
      int drawn = rng.nextInt(2);
      lambda[j] = fixed != null ? fixed.floatValue() : drawn;
    }
    float[] lambda2 = new float[2 * b];
    for (int j = 0; j < 2 * b; j++) {
      lambda2[j] = lambda[j % b];
    }
    // 1 + 2. Teacher on [globals with λ = 1; globals with the drawn λ], as one batch.
    long time = profile.start();
    boolean semantic = config.semantic().lossWeight() > 0;
    INDArray feats = semantic ? teacherWithMaps(globals, lambda2, in) : teacherLogitsOnly(globals, lambda2, in);
    time = profile.end("teacher", time);
    // 3. Semantic clustering (none without a semantic loss: DINO alone, no masked views).
    SemanticClustering.Masks masks = semantic ? clustering.masks(feats, rng)
        : new SemanticClustering.Masks(new int[0], new int[0][][], config.crops().globalHeight() / mapStride(),
            config.crops().globalWidth() / mapStride());
    time = profile.end("clustering", time);
    int m = masks.keptCount();
    in.kept = m;
    in.masks = masks;
    // 4. Masked views: part k of each kept view erased.
    int gh = config.crops().globalHeight();
    int gw = config.crops().globalWidth();
    INDArray globalIn = globals;
    INDArray globalSw = semanticRows(lambda2);
    if (m > 0) {
      in.part = 1 + rng.nextInt(config.semantic().parts());
      INDArray masked = maskedViews(globals, masks, in.part, gh, gw);
      float[] keptLambda = new float[m];
      for (int j = 0; j < m; j++) {
        keptLambda[j] = lambda2[masks.kept()[j]];
      }
      in.keptLambda = keptLambda;
      globalIn = Nd4j.concat(0, masked, globals);
      globalSw = Nd4j.concat(0, semanticRows(keptLambda), globalSw);
    }
    // 5. Student inputs.
    int rows = m + 2 * b;
    boolean dropPath = config.arch().dropPathRate() > 0;
    in.placeholders.put(scoped(StudentGraph.GLOBAL, SwinBackbone.INPUT), globalIn);
    in.placeholders.put(scoped(StudentGraph.GLOBAL, SwinBackbone.SEMANTIC_WEIGHT), globalSw);
    if (dropPath) {
      in.placeholders.put(scoped(StudentGraph.GLOBAL, SwinBackbone.DROP_PATH_KEEP), DropPath.keep(config.arch(), rows, rng));
    }
    if (config.crops().localCrops() > 0) {
      int n = config.crops().localCrops();
      float[] lambdaLocal = new float[n * b];
      for (int j = 0; j < n * b; j++) {
        lambdaLocal[j] = lambda[j % b];
      }
      in.placeholders.put(scoped(StudentGraph.LOCAL, SwinBackbone.INPUT), batch.locals());
      in.borrowed = batch.locals();
      in.placeholders.put(scoped(StudentGraph.LOCAL, SwinBackbone.SEMANTIC_WEIGHT), semanticRows(lambdaLocal));
      if (dropPath) {
        in.placeholders.put(scoped(StudentGraph.LOCAL, SwinBackbone.DROP_PATH_KEEP), DropPath.keep(config.arch(), n * b, rng));
      }
    }
    INDArray dinoSelect = Nd4j.zeros(DataType.FLOAT, 2L * b, rows);
    for (int r = 0; r < 2 * b; r++) {
      dinoSelect.putScalar(r, m + r, 1f);
    }
    in.placeholders.put(StudentGraph.DINO_SELECT, dinoSelect);
    in.placeholders.put(StudentGraph.DINO_TARGETS, dinoLoss.targets(in.teacherLogits, epoch));
    // 7. Semantic-loss inputs: tokens of the masked views, then of their unmasked originals.
    int hw = student.tokensPerMap();
    int selected = m > 0 ? 2 * m : 1;
    INDArray partSelect = Nd4j.zeros(DataType.FLOAT, selected, rows);
    int tokens = selected * hw;
    float[] onehot = new float[tokens * (config.semantic().parts() + 1)];
    float[] weights = new float[tokens];
    int[] labels = new int[tokens];
    if (m > 0) {
      for (int j = 0; j < m; j++) {
        partSelect.putScalar(j, j, 1f);
        partSelect.putScalar(m + j, m + masks.kept()[j], 1f);
        int[][] map = masks.labels()[j];
        float w = (float) (lambda2[masks.kept()[j]] * config.semantic().lossWeight() / tokens);
        for (int half = 0; half < 2; half++) {
          int base = (half * m + j) * hw;
          int q = 0;
          for (int[] row : map) {
            for (int label : row) {
              labels[base + q] = label;
              onehot[(base + q) * (config.semantic().parts() + 1) + label] = 1f;
              weights[base + q] = w;
              q++;
            }
          }
        }
      }
    } else {
      // Nothing kept: one dummy map with zero weight, so the graph's shapes stay valid.
      partSelect.putScalar(0, 0, 1f);
      for (int q = 0; q < tokens; q++) {
        onehot[q * (config.semantic().parts() + 1)] = 1f;
      }
    }
    in.labels = labels;
    in.placeholders.put(StudentGraph.PART_SELECT, partSelect);
    in.placeholders.put(StudentGraph.PART_LABELS,
        Nd4j.create(onehot, new long[] {tokens, config.semantic().parts() + 1}, 'c'));
    in.placeholders.put(StudentGraph.PART_WEIGHTS, Nd4j.create(weights, new long[] {tokens}, 'c'));
    if (feats != null) {
      feats.close();
    }
    profile.end("masking and student inputs", time);
    return in;
  }

  /**
   * Steps 1 and 2: the teacher's last-stage maps of the 2B global views with λ = 1 (returned) and
   * its logits with the drawn λ (into {@code in.teacherLogits}). A view whose drawn λ is 1 would
   * repeat its λ = 1 row (no op mixes samples), so only the views with another λ run a second
   * time and the others' logits are read off the first rows.
   */
  private INDArray teacherWithMaps(INDArray globals, float[] lambda2, StepInputs in) {
    int views = lambda2.length;
    List<Integer> other = new ArrayList<>();
    for (int j = 0; j < views; j++) {
      if (lambda2[j] != 1f) {
        other.add(j);
      }
    }
    float[] rowLambda = new float[views + other.size()];
    Arrays.fill(rowLambda, 0, views, 1f);
    INDArray images = globals;
    if (!other.isEmpty()) {
      INDArray[] parts = new INDArray[1 + other.size()];
      parts[0] = globals;
      for (int i = 0; i < other.size(); i++) {
        parts[1 + i] = globals.get(NDArrayIndex.interval(other.get(i), other.get(i) + 1));
        rowLambda[views + i] = lambda2[other.get(i)];
      }
      images = Nd4j.concat(0, parts);
    }
    TeacherGraph.Outputs t = teacher.forward(images, semanticRows(rowLambda));
    INDArray logits = Nd4j.create(DataType.FLOAT, views, t.logits().size(1));
    for (int j = 0, i = 0; j < views; j++) {
      boolean rerun = i < other.size() && other.get(i) == j;
      logits.putRow(j, t.logits().getRow(rerun ? views + i++ : j));
    }
    in.teacherLogits = logits;
    return t.lastStage().get(NDArrayIndex.interval(0, views)).dup();
  }

  /** Step 2 alone (no semantic loss needs the λ = 1 maps): the logits with the drawn λ; returns null. */
  private INDArray teacherLogitsOnly(INDArray globals, float[] lambda2, StepInputs in) {
    in.teacherLogits = teacher.forward(globals, semanticRows(lambda2)).logits().dup();
    return null;
  }

  /** Input pixels per last-stage token along each axis (patch size × three merges). */
  private int mapStride() {
    return config.arch().patchSize() * 8;
  }

  /** Rows [λ, 1 − λ]. */
  static INDArray semanticRows(float[] lambda) {
    float[] v = new float[2 * lambda.length];
    for (int i = 0; i < lambda.length; i++) {
      v[2 * i] = lambda[i];
      v[2 * i + 1] = 1 - lambda[i];
    }
    return Nd4j.create(v, new long[] {lambda.length, 2}, 'c');
  }

  /**
   * The kept views with the pixels of part {@code k} set to 0 (in normalised units, as the
   * release multiplies the normalised image by the mask), the label map upsampled by nearest
   * neighbour.
   */
  static INDArray maskedViews(INDArray globals, SemanticClustering.Masks masks, int k, int height, int width) {
    int m = masks.keptCount();
    int sy = height / masks.height();
    int sx = width / masks.width();
    INDArray out = Nd4j.create(DataType.FLOAT, m, 3, height, width);
    for (int j = 0; j < m; j++) {
      INDArray view = globals.get(NDArrayIndex.point(masks.kept()[j])).dup('c');
      float[] px = view.data().asFloat();
      int[][] map = masks.labels()[j];
      int plane = height * width;
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          if (map[y / sy][x / sx] == k) {
            for (int c = 0; c < 3; c++) {
              px[c * plane + y * width + x] = 0f;
            }
          }
        }
      }
      out.get(NDArrayIndex.point(j)).assign(Nd4j.create(px, new long[] {3, height, width}, 'c'));
    }
    return out;
  }

  private static double accuracy(INDArray logits, int[] labels) {
    INDArray arg = logits.argMax(1);
    int hit = 0;
    for (int i = 0; i < labels.length; i++) {
      if (arg.getInt(i) == labels[i]) {
        hit++;
      }
    }
    return (double) hit / labels.length;
  }
}
