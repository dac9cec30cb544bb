package io.solider.bench.tasks;

import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.image.ImageSize;
import io.solider.nn.util.NdArrays;
import io.solider.tasks.parsing.data.ParsingBatch;
import io.solider.tasks.parsing.data.Lip;
import io.solider.tasks.parsing.head.ParsingNetwork;
import io.solider.tasks.parsing.train.ParsingTrainConfig;
import io.solider.tasks.parsing.train.ParsingTraining;
import java.io.IOException;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Human parsing: the PSP/edge/fusion head on the parsing backbone, SCHP's loss, SGD (first cycle, no teacher). */
final class ParsingWorkloads implements TaskWorkloads {

  @Override
  public String task() {
    return "parsing";
  }

  @Override
  public ImageSize releaseSize() {
    return new ImageSize(572, 384);
  }

  @Override
  public int releaseBatch() {
    return 8;
  }

  @Override
  public String description() {
    return "backbone (strides 4,2,2,1) + PSP, decoder, edge and fusion head; cross-entropy, Lovász, edge loss; "
        + "SGD momentum; inference: one fusion forward at one scale";
  }

  @Override
  public TaskWorkload create(Spec spec) throws IOException {
    ParsingTrainConfig config = ParsingTrainConfig.release(spec.arch()).toBuilder()
        .crop(spec.size().height(), spec.size().width())
        .batchSize(spec.trainBatch())
        .seed(spec.seed())
        .build();
    ParsingTraining training = ParsingTraining.create(config);
    ParsingBatch batch = bandedBatch(spec.trainBatch(), spec.size(), spec.seed());
    Nd4j.getRandom().setSeed(spec.seed());
    INDArray images = Nd4j.randn(DataType.FLOAT, spec.inferBatch(), 3, spec.size().height(), spec.size().width());
    ParsingNetwork network = new ParsingNetwork(training.model(), spec.size().height(), spec.size().width(),
        InferenceEngine.SAMEDIFF);
    double lambda = config.model().semanticWeight();
    return TaskWorkload.of(at -> training.step(batch, at),
        () -> NdArrays.closeAll(network.outputs(images, lambda).values()),
        () -> {
          network.close();
          images.close();
        });
  }

  /** Random images with labels in horizontal bands (parts stacked down the body), so edges are sparse as in LIP. */
  private static ParsingBatch bandedBatch(int n, ImageSize size, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int h = size.height();
    int w = size.width();
    float[] images = new float[n * 3 * h * w];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    int[] labels = new int[n * h * w];
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < h; y++) {
        int label = y * Lip.CLASSES / h;
        java.util.Arrays.fill(labels, (i * h + y) * w, (i * h + y + 1) * w, label);
      }
    }
    return new ParsingBatch(n, h, w, images, labels);
  }
}
