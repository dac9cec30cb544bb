package io.solider.nn.backbone;

import io.solider.nn.exec.GraphRunner;
import io.solider.nn.io.AtomicFiles;
import io.solider.nn.util.GraphParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A built backbone graph (the whole backbone or a {@link StageRange} of it) for one input size
 * and mode, with its SameDiff instance. Not thread-safe (SameDiff is not): use one per thread.
 *
 * <p>The SameDiff file written by {@link #save} is a plain SameDiff graph that any SameDiff
 * program can load and run by feeding the placeholders {@value SwinBackbone#INPUT} and
 * {@value SwinBackbone#SEMANTIC_WEIGHT}; its variables carry the release's state-dict keys.
 */
public final class BackboneGraph implements BackboneRunner {

  private final SameDiff sd;
  private final SwinConfig config;
  private final StageRange range;
  private final int height;
  private final int width;
  private final BackboneMode mode;
  private final List<String> outputs = new ArrayList<>();
  private GraphRunner runner;

  BackboneGraph(SameDiff sd, SwinConfig config, StageRange range, int height, int width, BackboneMode mode) {
    this.sd = sd;
    this.config = config;
    this.range = range;
    this.height = height;
    this.width = width;
    this.mode = mode;
    if (config.hasOutput(range.last())) {
      outputs.add(SwinBackbone.POOLED);
    }
    for (int i = range.first(); i <= range.last(); i++) {
      if (config.hasOutput(i)) {
        outputs.add(SwinBackbone.stageOutput(i));
      }
    }
  }

  public SameDiff sameDiff() {
    return sd;
  }

  public SwinConfig config() {
    return config;
  }

  /** The part of the backbone this graph computes. */
  public StageRange range() {
    return range;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public BackboneMode mode() {
    return mode;
  }

  /** Whether the graph takes the {@value SwinBackbone#DROP_PATH_KEEP} placeholder. */
  public boolean hasDropPath() {
    return sd.hasVariable(SwinBackbone.DROP_PATH_KEEP);
  }

  /**
   * Runs the backbone.
   *
   * @param images (B, 3, H, W) normalised, H and W as this graph was built for; for a range after
   *     stage k, the input maps (B, C_k, h, w)
   * @param semanticWeight (B, 2) rows [λ, 1 − λ] (see {@link SemanticWeights})
   * @return the range's stage maps (stages outside it or without an output norm are null) and the
   *     pooled last stage
   */
  @Override
  public BackboneOutputs forward(INDArray images, INDArray semanticWeight) {
    Map<String, INDArray> out = execute(placeholders(images, semanticWeight, null), outputs);
    List<INDArray> stages = new ArrayList<>();
    for (int i = 0; i < SwinConfig.NUM_STAGES; i++) {
      stages.add(out.get(SwinBackbone.stageOutput(i)));
    }
    return new BackboneOutputs(out.get(SwinBackbone.POOLED), stages);
  }

  @Override
  public INDArray pooled(INDArray images, INDArray semanticWeight) {
    return execute(placeholders(images, semanticWeight, null), List.of(SwinBackbone.POOLED)).get(SwinBackbone.POOLED);
  }

  /** One inference run of the graph (the single place this class executes SameDiff). */
  private Map<String, INDArray> execute(Map<String, INDArray> placeholders, List<String> wanted) {
    if (runner == null) {
      runner = GraphRunner.of(sd);
    }
    return runner.output(placeholders, wanted);
  }

  /**
   * The placeholder map for one batch, checked against the graph's geometry; in training mode
   * with drop path, {@code rng} draws the per-sample keep scales.
   */
  public Map<String, INDArray> placeholders(INDArray images, INDArray semanticWeight, SplittableRandom rng) {
    checkInputs(images, semanticWeight);
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(SwinBackbone.INPUT, images);
    ph.put(SwinBackbone.SEMANTIC_WEIGHT, semanticWeight);
    if (hasDropPath()) {
      if (rng == null) {
        throw new IllegalArgumentException("this training graph uses drop path: pass a random generator");
      }
      ph.put(SwinBackbone.DROP_PATH_KEEP, dropPathKeep((int) images.size(0), rng));
    }
    return ph;
  }

  /**
   * Per-sample drop-path scales (B, 2·blocks), see {@link DropPath#keep}.
   */
  public INDArray dropPathKeep(int batch, SplittableRandom rng) {
    return DropPath.keep(config, batch, rng);
  }

  private void checkInputs(INDArray images, INDArray semanticWeight) {
    long[] s = images.shape();
    long channels = SwinBackbone.inputShape(config, range, height, width)[1];
    if (s.length != 4 || s[1] != channels || s[2] != height || s[3] != width) {
      throw new IllegalArgumentException((range.fromImage() ? "images" : "input maps") + " have shape "
          + Arrays.toString(s) + ", this graph takes (B, " + channels + ", " + height + ", " + width + ")");
    }
    long[] w = semanticWeight.shape();
    if (w.length != 2 || w[0] != s[0] || w[1] != 2) {
      throw new IllegalArgumentException("semantic weight has shape " + Arrays.toString(w)
          + ", expected (" + s[0] + ", 2): one row [λ, 1-λ] per image");
    }
  }

  /** Frees the executor's op contexts; the graph stays usable (a later call makes new ones). */
  @Override
  public void close() {
    if (runner != null) {
      runner.close();
      runner = null;
    }
  }

  /** The trainable parameters, keyed by the release's state-dict keys (arrays are the graph's own). */
  public Map<String, INDArray> parameters() {
    return GraphParameters.of(sd);
  }

  /**
   * Writes the graph with its parameters as a SameDiff file, atomically (temp file, then rename).
   * Only whole-backbone graphs are saved (a range's parameters do not determine its architecture).
   */
  public void save(Path file) throws IOException {
    if (!range.isWhole()) {
      throw new IllegalStateException("only a whole-backbone graph can be saved, this one computes " + range);
    }
    Path tmp = AtomicFiles.tempSibling(file);
    try {
      sd.save(tmp.toFile(), true);
      AtomicFiles.moveIntoPlace(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Loads a SameDiff file written by {@link #save}: the architecture is read off the variable
   * shapes, the strides off the {@value SwinBackbone#STRIDES} constant (release strides for
   * files that predate it) and the input size off the input placeholder.
   */
  public static BackboneGraph load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
    SameDiff sd;
    try {
      sd = SameDiff.load(file.toFile(), true);
    } catch (RuntimeException e) {
      throw new IOException(file + ": not a SameDiff file (" + e.getMessage() + ")", e);
    }
    if (!sd.hasVariable(SwinBackbone.INPUT) || !sd.hasVariable(SwinBackbone.POOLED)) {
      throw new IOException(file + ": SameDiff graph is not a SOLIDER backbone (no '"
          + SwinBackbone.INPUT + "' placeholder or '" + SwinBackbone.POOLED + "' output)");
    }
    Map<String, long[]> shapes = new LinkedHashMap<>();
    GraphParameters.of(sd).forEach((k, a) -> shapes.put(k, a.shape()));
    long[] in = sd.getVariable(SwinBackbone.INPUT).placeholderShape();
    BackboneMode mode = sd.hasVariable(SwinBackbone.DROP_PATH_KEEP) ? BackboneMode.TRAINING : BackboneMode.INFERENCE;
    SwinConfig config = ArchitectureInference.infer(shapes);
    if (sd.hasVariable(SwinBackbone.STRIDES)) {
      config = config.withStrides(sd.getVariable(SwinBackbone.STRIDES).getArr().toIntVector());
    }
    return new BackboneGraph(sd, config, StageRange.whole(), (int) in[2], (int) in[3], mode);
  }
}
