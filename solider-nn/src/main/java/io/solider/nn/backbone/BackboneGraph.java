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
 * A built backbone graph for one input size and mode, with its SameDiff instance. Not
 * thread-safe (SameDiff is not): use one per thread.
 *
 * <p>The SameDiff file written by {@link #save} is a plain SameDiff graph that any SameDiff
 * program can load and run by feeding the placeholders {@value SwinBackbone#INPUT} and
 * {@value SwinBackbone#SEMANTIC_WEIGHT}; its variables carry the release's state-dict keys.
 */
public final class BackboneGraph implements BackboneRunner {

  private static final List<String> OUTPUTS = List.of(
      SwinBackbone.POOLED, SwinBackbone.stageOutput(0), SwinBackbone.stageOutput(1),
      SwinBackbone.stageOutput(2), SwinBackbone.stageOutput(3));

  private final SameDiff sd;
  private final SwinConfig config;
  private final int height;
  private final int width;
  private final BackboneMode mode;
  private GraphRunner runner;

  BackboneGraph(SameDiff sd, SwinConfig config, int height, int width, BackboneMode mode) {
    this.sd = sd;
    this.config = config;
    this.height = height;
    this.width = width;
    this.mode = mode;
  }

  public SameDiff sameDiff() {
    return sd;
  }

  public SwinConfig config() {
    return config;
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
   * @param images (B, 3, H, W) normalised, H and W as this graph was built for
   * @param semanticWeight (B, 2) rows [λ, 1 − λ] (see {@link SemanticWeights})
   */
  @Override
  public BackboneOutputs forward(INDArray images, INDArray semanticWeight) {
    if (runner == null) {
      runner = GraphRunner.of(sd);
    }
    Map<String, INDArray> out = runner.output(placeholders(images, semanticWeight, null), OUTPUTS);
    List<INDArray> stages = new ArrayList<>();
    for (int i = 0; i < SwinConfig.NUM_STAGES; i++) {
      stages.add(out.get(SwinBackbone.stageOutput(i)));
    }
    return new BackboneOutputs(out.get(SwinBackbone.POOLED), stages);
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
   * Per-sample drop-path scales (B, 2·blocks): for each branch of block k with rate p, 0 with
   * probability p, else 1/(1 − p) (timm/mmcv DropPath).
   */
  public INDArray dropPathKeep(int batch, SplittableRandom rng) {
    double[] rates = config.blockDropPathRates();
    float[] v = new float[batch * 2 * rates.length];
    for (int b = 0; b < batch; b++) {
      for (int k = 0; k < 2 * rates.length; k++) {
        double p = rates[k / 2];
        v[b * 2 * rates.length + k] = p == 0 ? 1f : rng.nextDouble() < p ? 0f : (float) (1 / (1 - p));
      }
    }
    return Nd4j.create(v, new long[] {batch, 2L * rates.length}, 'c');
  }

  private void checkInputs(INDArray images, INDArray semanticWeight) {
    long[] s = images.shape();
    if (s.length != 4 || s[1] != config.inChannels() || s[2] != height || s[3] != width) {
      throw new IllegalArgumentException("images have shape " + Arrays.toString(s) + ", this graph takes (B, "
          + config.inChannels() + ", " + height + ", " + width + ")");
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

  /** Writes the graph with its parameters as a SameDiff file, atomically (temp file, then rename). */
  public void save(Path file) throws IOException {
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
   * shapes and the input size off the input placeholder.
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
    return new BackboneGraph(sd, ArchitectureInference.infer(shapes), (int) in[2], (int) in[3], mode);
  }
}
