package io.solider.bench.tasks;

import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.image.ImageSize;
import io.solider.tasks.pose.PoseEstimator;
import io.solider.tasks.pose.data.HeatmapTarget;
import io.solider.tasks.pose.data.PoseTrainLoader;
import io.solider.tasks.pose.head.PoseHead;
import io.solider.tasks.pose.train.PoseTrainConfig;
import io.solider.tasks.pose.train.PoseTraining;
import java.io.IOException;
import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;

/** Pose: the deconvolution heatmap head on stage 3 (strides 4,2,1,1), joints MSE, AdamW; inference without flip. */
final class PoseWorkloads implements TaskWorkloads {

  @Override
  public String task() {
    return "pose";
  }

  @Override
  public ImageSize releaseSize() {
    return new ImageSize(384, 288);
  }

  @Override
  public int releaseBatch() {
    return 16;
  }

  @Override
  public String description() {
    return "backbone (strides 4,2,1,1) + deconvolution, batch norm, 1x1 heatmap head (17 maps at 1/4); "
        + "joints MSE with target weights; AdamW; inference: one forward at one scale, no flip test";
  }

  @Override
  public TaskWorkload create(Spec spec) throws IOException {
    int h = spec.size().height();
    int w = spec.size().width();
    PoseTrainConfig config = PoseTrainConfig.release(spec.arch()).toBuilder()
        .input(h, w)
        .batchSize(spec.trainBatch())
        .seed(spec.seed())
        .build();
    // One epoch of one step: the schedule is the release's, the warm-up rate is as good as any for timing.
    PoseTraining training = PoseTraining.create(config, 1);
    PoseHead.Shape shape = training.model().headShape(h, w);
    PoseTrainLoader.Batch batch = randomBatch(spec.trainBatch(), h, w, shape, config.augmentation().sigma(),
        spec.seed());
    float[] crops = randomCrops(spec.inferBatch(), h, w, spec.seed() + 1);
    PoseEstimator estimator = new PoseEstimator(training.model(),
        new PoseEstimator.Config(spec.size(), false, spec.inferBatch()), InferenceEngine.SAMEDIFF);
    double lambda = config.model().semanticWeight();
    return TaskWorkload.of(at -> training.step(batch, at),
        () -> estimator.heatmaps(crops, spec.inferBatch(), lambda),
        () -> {
          estimator.close();
          batch.close();
        });
  }

  /** Random crops with the release's Gaussian targets at random joints, about one joint in six invisible as in COCO. */
  private static PoseTrainLoader.Batch randomBatch(int n, int h, int w, PoseHead.Shape shape, int sigma, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    HeatmapTarget generator = new HeatmapTarget(w, h, shape.heatmapWidth(), shape.heatmapHeight(), sigma);
    int k = PoseHead.JOINTS;
    int per = k * shape.heatmapWidth() * shape.heatmapHeight();
    float[] targets = new float[n * per];
    float[] weights = new float[n * k];
    int[] indices = new int[n];
    for (int i = 0; i < n; i++) {
      float[] joints = new float[2 * k];
      float[] visible = new float[k];
      for (int j = 0; j < k; j++) {
        joints[2 * j] = (float) (rng.nextDouble() * w);
        joints[2 * j + 1] = (float) (rng.nextDouble() * h);
        visible[j] = rng.nextInt(6) == 0 ? 0 : 1;
      }
      HeatmapTarget.Target t = generator.generate(joints, visible);
      System.arraycopy(t.heatmaps(), 0, targets, i * per, per);
      System.arraycopy(t.weights(), 0, weights, i * k, k);
      indices[i] = i;
    }
    float[] images = randomCrops(n, h, w, seed + 2);
    return new PoseTrainLoader.Batch(Nd4j.create(images, new long[] {n, 3, h, w}, 'c'),
        targets, weights, indices);
  }

  /** Normalised-image-like values in [-2, 2]. */
  private static float[] randomCrops(int n, int h, int w, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] crops = new float[n * 3 * h * w];
    for (int i = 0; i < crops.length; i++) {
      crops[i] = (float) (rng.nextDouble() * 4 - 2);
    }
    return crops;
  }
}
