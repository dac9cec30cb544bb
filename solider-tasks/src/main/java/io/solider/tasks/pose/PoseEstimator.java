package io.solider.tasks.pose;

import io.solider.nn.backbone.BackboneOutputs;
import io.solider.nn.backbone.BackboneRunner;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.head.HeadGraph;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.ImageSize;
import io.solider.nn.progress.ProgressLog;
import io.solider.nn.util.NdArrays;
import io.solider.tasks.common.ImageSource;
import io.solider.tasks.pose.data.CocoJoints;
import io.solider.tasks.pose.data.ImageSizes;
import io.solider.tasks.pose.data.PersonInstance;
import io.solider.tasks.pose.data.TopDownTestTransform;
import io.solider.tasks.pose.head.FlipTest;
import io.solider.tasks.pose.head.HeatmapDecoder;
import io.solider.tasks.pose.head.PoseHead;
import io.solider.tasks.pose.head.PoseModel;
import io.solider.tasks.pose.metric.PersonPrediction;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pose model at test time, as the release's {@code TopDown.forward_test}: each person's box is
 * cropped ({@link TopDownTestTransform}), the backbone runs at λ, the head gives 17 heatmaps; with
 * the flip test the mirrored crop's heatmaps are flipped back, shifted and averaged
 * ({@link FlipTest}); the keypoints are decoded into image pixels ({@link HeatmapDecoder}) with the
 * heatmap maxima as scores. Crops are made once and run at every λ asked for. Not thread-safe.
 */
public final class PoseEstimator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PoseEstimator.class);

  /**
   * How to predict.
   *
   * @param input crop size (384×288)
   * @param flipTest average with the mirrored crop ({@code flip_test=True})
   * @param batchSize crops per forward pass
   */
  public record Config(ImageSize input, boolean flipTest, int batchSize) {
    public Config {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
      }
    }
  }

  private final Config config;
  private final BackboneRunner backbone;
  private final HeadGraph head;
  private final PoseHead.Shape shape;
  private final TopDownTestTransform crop;
  private final ImageSource images = new ImageSource();

  /** An estimator running {@code model}'s backbone on {@code engine} and its head in inference mode. */
  public PoseEstimator(PoseModel model, Config config, InferenceEngine engine) {
    this.config = config;
    int h = config.input().height();
    int w = config.input().width();
    this.shape = model.headShape(h, w);
    this.head = PoseHead.graph(model.head(), shape, false);
    this.crop = new TopDownTestTransform(w, h, ImageNormalization.imagenet());
    this.backbone = engine.open(model.backbone(), h, w);
  }

  /** Images that could not be read so far (their people get no prediction). */
  public ImageSource images() {
    return images;
  }

  /**
   * Predictions for {@code people} at each λ (outer list in λ order, inner in people order; people
   * on unreadable images are left out).
   *
   * @param sizes annotated image sizes; an image of another size is an error
   * @throws IOException naming the file when an image's size differs from its annotation
   */
  public List<List<PersonPrediction>> predict(List<PersonInstance> people, double[] lambdas, ImageSizes sizes)
      throws IOException {
    List<List<PersonPrediction>> out = new ArrayList<>();
    for (int l = 0; l < lambdas.length; l++) {
      out.add(new ArrayList<>());
    }
    ProgressLog progress = new ProgressLog(log, "pose inference", "people", people.size(), Duration.ofSeconds(10));
    Path cachedFile = null;
    Optional<BufferedImage> cached = Optional.empty();
    List<PersonInstance> batch = new ArrayList<>();
    List<float[]> crops = new ArrayList<>();
    for (int i = 0; i < people.size(); i++) {
      PersonInstance p = people.get(i);
      if (!p.image().equals(cachedFile)) {
        cachedFile = p.image();
        cached = images.load(p.image());
        if (cached.isPresent()) {
          sizes.check(p.image(), cached.get().getWidth(), cached.get().getHeight());
        }
      }
      if (cached.isPresent()) {
        batch.add(p);
        crops.add(crop.apply(cached.get(), p));
      }
      if (batch.size() == config.batchSize() || i == people.size() - 1 && !batch.isEmpty()) {
        run(batch, crops, lambdas, out);
        progress.advance(batch.size());
        batch.clear();
        crops.clear();
      }
    }
    return out;
  }

  private void run(List<PersonInstance> batch, List<float[]> crops, double[] lambdas,
      List<List<PersonPrediction>> out) {
    int n = batch.size();
    int h = config.input().height();
    int w = config.input().width();
    int per = 3 * h * w;
    float[] data = new float[n * per];
    for (int i = 0; i < n; i++) {
      System.arraycopy(crops.get(i), 0, data, i * per, per);
    }
    float[] centres = new float[2 * n];
    float[] scales = new float[2 * n];
    for (int i = 0; i < n; i++) {
      PersonInstance p = batch.get(i);
      centres[2 * i] = p.box().cx();
      centres[2 * i + 1] = p.box().cy();
      scales[2 * i] = p.box().sx();
      scales[2 * i + 1] = p.box().sy();
    }
    for (int l = 0; l < lambdas.length; l++) {
      float[] hm = heatmaps(data, n, lambdas[l]);
      HeatmapDecoder.Keypoints k = HeatmapDecoder.decode(hm, n, PoseHead.JOINTS, shape.heatmapHeight(),
          shape.heatmapWidth(), centres, scales);
      for (int i = 0; i < n; i++) {
        PersonInstance p = batch.get(i);
        float[] kp = new float[3 * PoseHead.JOINTS];
        for (int j = 0; j < PoseHead.JOINTS; j++) {
          int o = i * PoseHead.JOINTS + j;
          kp[3 * j] = k.coordinates()[2 * o];
          kp[3 * j + 1] = k.coordinates()[2 * o + 1];
          kp[3 * j + 2] = k.scores()[o];
        }
        out.get(l).add(PersonPrediction.of(p.imageId(), p.boxId(), kp, p.box().cx(), p.box().cy(), p.box().sx(),
            p.box().sy(), (float) p.boxScore()));
      }
    }
  }

  /**
   * The heatmaps (N × 17 × h × w) of {@code n} normalised crops (N × 3 × H × W) at λ, flip-test
   * merged when the configuration asks for it.
   */
  public float[] heatmaps(float[] crops, int n, double lambda) {
    int h = config.input().height();
    int w = config.input().width();
    float[] plain = rawHeatmaps(crops, n, lambda);
    if (!config.flipTest()) {
      return plain;
    }
    float[] flipped = rawHeatmaps(FlipTest.mirror(crops, n, 3, h, w), n, lambda);
    return FlipTest.merge(plain, flipped, n, PoseHead.JOINTS, shape.heatmapHeight(), shape.heatmapWidth(),
        CocoJoints.flipPairs());
  }

  private float[] rawHeatmaps(float[] crops, int n, double lambda) {
    INDArray images = Nd4j.create(crops, new long[] {n, 3, config.input().height(), config.input().width()}, 'c');
    INDArray sw = SemanticWeights.constant(lambda, n);
    BackboneOutputs f = backbone.forward(images, sw);
    try {
      INDArray hm = head.forward(Map.of(PoseHead.FEATURE, f.stage(PoseHead.STAGE)), Map.of()).get(PoseHead.HEATMAPS);
      float[] out = hm.castTo(DataType.FLOAT).dup('c').data().asFloat();
      NdArrays.close(hm);
      return out;
    } finally {
      NdArrays.closeAll(f.stages());
      NdArrays.close(f.pooled());
      images.close();
      sw.close();
    }
  }

  @Override
  public void close() {
    backbone.close();
  }
}
