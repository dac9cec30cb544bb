package io.solider.bench.tasks;

import io.solider.nn.image.ImageSize;
import io.solider.tasks.common.U8Image;
import io.solider.tasks.detection.CspDetector;
import io.solider.tasks.detection.data.CspTrainLoader;
import io.solider.tasks.detection.loss.CspTargetGenerator;
import io.solider.tasks.detection.loss.CspTargets;
import io.solider.tasks.detection.train.CspTrainConfig;
import io.solider.tasks.detection.train.CspTraining;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pedestrian detection: the CSP neck and head on backbone stages 1–3, the centre, scale and
 * offset losses, Adam and the mean teacher; inference as {@code det-test} runs it (one image,
 * padded to /128, decoding and NMS).
 */
final class DetectionWorkloads implements TaskWorkloads {

  /** Steps per epoch of the release: CityPersons' 2975 training images on 8 GPUs × 3 (the schedule only). */
  private static final int ITERS_PER_EPOCH = 124;

  /** Pedestrians per synthetic training image (CityPersons has a handful per image). */
  private static final int PEOPLE_PER_IMAGE = 7;

  @Override
  public String task() {
    return "detection";
  }

  @Override
  public ImageSize releaseSize() {
    return new ImageSize(1024, 2048);
  }

  @Override
  public int releaseBatch() {
    return 3;
  }

  @Override
  public String description() {
    return "backbone stages 1-3 + CSP neck (deconvolutions, L2 norm) and head; centre focal, scale and offset "
        + "losses; Adam and mean teacher; inference: one image, decoding and NMS";
  }

  @Override
  public TaskWorkload create(Spec spec) throws IOException {
    int h = spec.size().height();
    int w = spec.size().width();
    CspTrainConfig config = CspTrainConfig.release(spec.arch()).toBuilder()
        .crop(h, w)
        .batch(spec.trainBatch())
        .seed(spec.seed())
        .build();
    CspTraining training = CspTraining.create(config, ITERS_PER_EPOCH);
    CspTrainLoader.Batch batch = syntheticBatch(spec.trainBatch(), h, w, spec.seed());
    List<U8Image> images = randomImages(spec.inferBatch(), h, w, spec.seed());
    CspDetector detector = new CspDetector(training.model(), CspDetector.Config.release().withScale(h, w));
    double lambda = config.model().semanticWeight();
    return TaskWorkload.of(at -> training.step(batch, at),
        () -> {
          for (U8Image image : images) {
            detector.detect(image, lambda);
          }
        },
        () -> {
          detector.close();
          batch.close();
        });
  }

  /** Normal random pixels and the release's targets of upright people (aspect 0.41) at random places and heights. */
  private static CspTrainLoader.Batch syntheticBatch(int n, int h, int w, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    CspTargetGenerator generator = CspTargetGenerator.release();
    List<CspTargets> targets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] people = new double[4 * PEOPLE_PER_IMAGE];
      for (int p = 0; p < PEOPLE_PER_IMAGE; p++) {
        double ph = h * rng.nextDouble(0.05, 0.45);
        double pw = Math.min(0.41 * ph, w - 1.0);
        double x1 = rng.nextDouble(0, w - pw);
        double y1 = rng.nextDouble(0, h - ph);
        people[4 * p] = x1;
        people[4 * p + 1] = y1;
        people[4 * p + 2] = x1 + pw - 1;
        people[4 * p + 3] = y1 + ph - 1;
      }
      targets.add(generator.generate(people, new double[0], h, w));
    }
    Nd4j.getRandom().setSeed(seed);
    INDArray images = Nd4j.randn(DataType.FLOAT, n, 3, h, w);
    return new CspTrainLoader.Batch(images, targets, new int[n], n * PEOPLE_PER_IMAGE);
  }

  /** Uniformly random B, G, R images of the input size (the test transform keeps them as they are). */
  private static List<U8Image> randomImages(int n, int h, int w, long seed) {
    SplittableRandom rng = new SplittableRandom(seed + 1);
    List<U8Image> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] data = new byte[h * w * 3];
      rng.nextBytes(data);
      out.add(new U8Image(h, w, 3, data));
    }
    return out;
  }
}
