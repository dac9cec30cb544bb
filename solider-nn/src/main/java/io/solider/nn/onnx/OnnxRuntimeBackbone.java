package io.solider.nn.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.BackboneOutputs;
import io.solider.nn.backbone.BackboneRunner;
import io.solider.nn.backbone.SwinBackbone;
import io.solider.nn.backbone.SwinConfig;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backbone run by ONNX Runtime (Microsoft's Java API, CPU), loaded into sessions with every
 * graph optimisation on, sequential execution and as many intra-op threads as OpenMP would use
 * here ({@code OMP_NUM_THREADS}, else the processor count). Same inputs and outputs as
 * {@link io.solider.nn.backbone.BackboneGraph}.
 *
 * <p>Opened on a {@link Backbone}, it exports the model in memory on first use, one per kind of
 * call: {@link #pooled} runs a pooled-only export ({@link OnnxOutputs#POOLED}, no stage-map nodes
 * at all, since ONNX Runtime does not skip the nodes of outputs nobody asks for) and
 * {@link #forward} the full one. A caller that uses one kind of call (extraction of embeddings,
 * or a dense task) exports and holds one model. Opened on the bytes of an exported file, it runs
 * that model for both calls; {@link #forward} needs one exported with all outputs.
 */
public final class OnnxRuntimeBackbone implements BackboneRunner {

  private static final Logger log = LoggerFactory.getLogger(OnnxRuntimeBackbone.class);

  private final OrtEnvironment env;
  private final Function<OnnxOutputs, byte[]> exporter;
  private final int channels;
  private final int height;
  private final int width;
  private final Map<OnnxOutputs, OrtSession> sessions = new EnumMap<>(OnnxOutputs.class);

  private OnnxRuntimeBackbone(Function<OnnxOutputs, byte[]> exporter, int channels, int height, int width) {
    this.env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "solider");
    this.exporter = exporter;
    this.channels = channels;
    this.height = height;
    this.width = width;
  }

  /**
   * A runner of {@code backbone} for {@code height × width} inputs; the backbone is exported (for
   * {@link #pooled}, {@link #forward} or both) when first needed.
   */
  public static OnnxRuntimeBackbone open(Backbone backbone, int height, int width) {
    return new OnnxRuntimeBackbone(o -> OnnxExport.backbone(backbone, height, width, o).toByteArray(),
        backbone.config().inChannels(), height, width);
  }

  /**
   * A session on an exported model (bytes of a .onnx file written by {@link OnnxExport}), with all
   * outputs or the pooled one alone.
   */
  public static OnnxRuntimeBackbone open(byte[] model, int channels, int height, int width) {
    OnnxRuntimeBackbone r = new OnnxRuntimeBackbone(null, channels, height, width);
    OrtSession s = r.load(model);
    r.sessions.put(OnnxOutputs.POOLED, s);
    if (s.getOutputNames().contains(SwinBackbone.stageOutput(0))) {
      r.sessions.put(OnnxOutputs.ALL, s);
    }
    return r;
  }

  /**
   * Exports and loads the model for {@code outputs} now rather than on the first call (so that a
   * timing loop does not include the export).
   */
  public void prepare(OnnxOutputs outputs) {
    session(outputs);
  }

  private OrtSession session(OnnxOutputs outputs) {
    OrtSession s = sessions.get(outputs);
    if (s == null) {
      if (exporter == null) {
        throw new IllegalArgumentException("this ONNX model has the pooled output only (exported with --outputs pooled);"
            + " the stage maps need a model exported with --outputs all");
      }
      s = load(exporter.apply(outputs));
      sessions.put(outputs, s);
    }
    return s;
  }

  /** The output names of each open session. */
  List<List<String>> sessionOutputs() {
    List<List<String>> out = new ArrayList<>();
    for (OrtSession s : distinctSessions()) {
      out.add(List.copyOf(s.getOutputNames()));
    }
    return out;
  }

  /** The open sessions, each once: one session serves both calls when a file has all outputs. */
  private Set<OrtSession> distinctSessions() {
    return new LinkedHashSet<>(sessions.values());
  }

  private OrtSession load(byte[] model) {
    try (OrtSession.SessionOptions so = sessionOptions()) {
      OrtSession session = env.createSession(model, so);
      log.info("ONNX Runtime {}: backbone session for {}x{} inputs, outputs {} ({} MB model)", env.getVersion(),
          height, width, session.getOutputNames(), model.length >> 20);
      return session;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime could not load the exported backbone: " + e.getMessage(), e);
    }
  }

  /** Session settings: all graph optimisations, sequential, intra-op threads as OpenMP's. */
  static OrtSession.SessionOptions sessionOptions() throws OrtException {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    so.setIntraOpNumThreads(threads());
    so.setInterOpNumThreads(1);
    return so;
  }

  private static int threads() {
    String omp = System.getenv("OMP_NUM_THREADS");
    try {
      if (omp != null && Integer.parseInt(omp.trim()) > 0) {
        return Integer.parseInt(omp.trim());
      }
    } catch (NumberFormatException e) {
      // fall through to the processor count
    }
    return Runtime.getRuntime().availableProcessors();
  }

  @Override
  public BackboneOutputs forward(INDArray images, INDArray semanticWeight) {
    checkInputs(images, semanticWeight);
    OrtSession session = session(OnnxOutputs.ALL);
    try (OnnxTensor x = tensor(images); OnnxTensor sw = tensor(semanticWeight);
        OrtSession.Result r = session.run(Map.of(SwinBackbone.INPUT, x, SwinBackbone.SEMANTIC_WEIGHT, sw))) {
      List<INDArray> stages = new ArrayList<>();
      for (int i = 0; i < SwinConfig.NUM_STAGES; i++) {
        stages.add(array((OnnxTensor) r.get(SwinBackbone.stageOutput(i)).orElseThrow()));
      }
      return new BackboneOutputs(array((OnnxTensor) r.get(SwinBackbone.POOLED).orElseThrow()), stages);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  /** The pooled feature from the pooled-only model (or, on a model with all outputs, asking for pooled alone). */
  @Override
  public INDArray pooled(INDArray images, INDArray semanticWeight) {
    checkInputs(images, semanticWeight);
    OrtSession session = session(OnnxOutputs.POOLED);
    try (OnnxTensor x = tensor(images); OnnxTensor sw = tensor(semanticWeight);
        OrtSession.Result r = session.run(Map.of(SwinBackbone.INPUT, x, SwinBackbone.SEMANTIC_WEIGHT, sw),
            Set.of(SwinBackbone.POOLED))) {
      return array((OnnxTensor) r.get(SwinBackbone.POOLED).orElseThrow());
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  private void checkInputs(INDArray images, INDArray semanticWeight) {
    long[] s = images.shape();
    if (s.length != 4 || s[1] != channels || s[2] != height || s[3] != width) {
      throw new IllegalArgumentException("images have shape " + Arrays.toString(s) + ", this model takes (B, "
          + channels + ", " + height + ", " + width + ")");
    }
    if (semanticWeight.rank() != 2 || semanticWeight.size(0) != s[0] || semanticWeight.size(1) != 2) {
      throw new IllegalArgumentException("semantic weight has shape " + Arrays.toString(semanticWeight.shape())
          + ", expected (" + s[0] + ", 2): one row [λ, 1-λ] per image");
    }
  }

  private OnnxTensor tensor(INDArray a) throws OrtException {
    INDArray c = a.dataType() == DataType.FLOAT && a.ordering() == 'c' && !a.isView() ? a : a.castTo(DataType.FLOAT).dup('c');
    return OnnxTensor.createTensor(env, FloatBuffer.wrap(c.data().asFloat()), c.shape());
  }

  private static INDArray array(OnnxTensor t) {
    FloatBuffer fb = t.getFloatBuffer();
    float[] v = new float[fb.remaining()];
    fb.get(v);
    return Nd4j.create(v, t.getInfo().getShape(), 'c');
  }

  @Override
  public void close() {
    try {
      for (OrtSession s : distinctSessions()) {
        s.close();
      }
      sessions.clear();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the ONNX Runtime session", e);
    }
  }
}
