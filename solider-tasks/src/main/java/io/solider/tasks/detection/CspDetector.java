package io.solider.tasks.detection;

import io.solider.nn.backbone.BackboneOutputs;
import io.solider.nn.backbone.BackboneRunner;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.head.HeadGraph;
import io.solider.nn.util.NdArrays;
import io.solider.tasks.common.U8Image;
import io.solider.tasks.detection.data.CspTestTransform;
import io.solider.tasks.detection.head.CspDecoder;
import io.solider.tasks.detection.head.CspHead;
import io.solider.tasks.detection.head.CspModel;
import io.solider.tasks.detection.head.CspTestConfig;
import io.solider.tasks.detection.head.DetectedBox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Full-image CSP inference as the release's {@code single_gpu_test} runs it, one image at a time:
 * the test transform ({@link CspTestTransform}: rescale to the test scale, normalise, pad to /128),
 * the backbone at each semantic weight λ, the neck and head ({@link CspHead}), and the release's
 * decoding and NMS ({@link CspDecoder}). Boxes come back in the frame of the image as given: the
 * release decodes in the rescaled frame (which is the image itself at CityPersons' 2048×1024), and
 * here they are divided by the scale factor, which changes nothing at scale 1.
 *
 * <p>Graphs are built per padded input size and reused; not thread-safe. Close it to free them.
 */
public final class CspDetector implements AutoCloseable {

  /**
   * How to run inference.
   *
   * @param transform the test transform (the release: fit 2048×1024, pad to /128)
   * @param decoding top cells, score threshold, NMS, detections kept (the release's {@code test_cfg})
   * @param engine what runs the backbone
   */
  public record Config(CspTestTransform transform, CspTestConfig decoding, InferenceEngine engine) {

    /** The release's test settings, on SameDiff. */
    public static Config release() {
      return new Config(CspTestTransform.release(), CspTestConfig.release(), InferenceEngine.SAMEDIFF);
    }

    /** The release's settings with the test scale fitting {@code height × width} (long edge, short edge). */
    public Config withScale(int height, int width) {
      return new Config(new CspTestTransform(Math.max(height, width), Math.min(height, width),
          transform.normalization()), decoding, engine);
    }

    public Config withEngine(InferenceEngine e) {
      return new Config(transform, decoding, e);
    }
  }

  private final CspModel model;
  private final Config config;
  private final CspDecoder decoder;
  private final Map<String, BackboneRunner> backbones = new HashMap<>();
  private final Map<String, HeadGraph> heads = new HashMap<>();

  public CspDetector(CspModel model, Config config) {
    this.model = model;
    this.config = config;
    this.decoder = new CspDecoder(config.decoding());
  }

  public Config config() {
    return config;
  }

  /** Detections of a B, G, R image at one λ, by descending score. */
  public List<DetectedBox> detect(U8Image bgr, double lambda) {
    return detect(bgr, new double[] {lambda}).get(0);
  }

  /**
   * Detections of a B, G, R image at each λ (the image is prepared once).
   *
   * @return per λ, the detections by descending score, in the image's pixel frame
   */
  public List<List<DetectedBox>> detect(U8Image bgr, double[] lambdas) {
    CspTestTransform.Prepared p = config.transform().apply(bgr);
    int ph = p.paddedHeight();
    int pw = p.paddedWidth();
    CspHead.checkSize(ph, pw);
    String key = ph + "x" + pw;
    BackboneRunner backbone = backbones.computeIfAbsent(key, k -> config.engine().open(model.backbone(), ph, pw));
    HeadGraph head = heads.computeIfAbsent(key, k -> CspHead.graph(model.head(), model.spec(), ph, pw, false));
    INDArray images = Nd4j.create(p.pixels(), new long[] {1, 3, ph, pw}, 'c');
    List<List<DetectedBox>> out = new ArrayList<>();
    try {
      for (double lambda : lambdas) {
        INDArray sw = SemanticWeights.constant(lambda, 1);
        BackboneOutputs f = backbone.forward(images, sw);
        Map<String, INDArray> feats = new HashMap<>();
        for (int s = 1; s <= 3; s++) {
          feats.put(CspHead.feature(s), f.stage(s));
        }
        Map<String, INDArray> maps = head.forward(feats, Map.of());
        int mh = ph / CspHead.STRIDE;
        int mw = pw / CspHead.STRIDE;
        List<DetectedBox> boxes = decoder.decode(floats(maps.get(CspHead.CENTER)), floats(maps.get(CspHead.SCALE)),
            floats(maps.get(CspHead.OFFSET)), mh, mw, p.height(), p.width());
        out.add(p.scale() == 1 ? boxes : unscale(boxes, p.scale()));
        NdArrays.closeAll(new ArrayList<>(maps.values()));
        NdArrays.closeAll(f.stages());
        NdArrays.close(f.pooled());
        sw.close();
      }
    } finally {
      images.close();
    }
    return out;
  }

  private static List<DetectedBox> unscale(List<DetectedBox> boxes, double scale) {
    List<DetectedBox> out = new ArrayList<>(boxes.size());
    for (DetectedBox b : boxes) {
      out.add(new DetectedBox((float) (b.x1() / scale), (float) (b.y1() / scale), (float) (b.x2() / scale),
          (float) (b.y2() / scale), b.score()));
    }
    return out;
  }

  private static float[] floats(INDArray a) {
    return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }

  @Override
  public void close() {
    backbones.values().forEach(BackboneRunner::close);
    backbones.clear();
    heads.clear();
  }
}
