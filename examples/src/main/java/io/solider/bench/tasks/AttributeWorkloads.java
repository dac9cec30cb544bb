package io.solider.bench.tasks;

import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.image.ImageSize;
import io.solider.tasks.attribute.data.AttributeExamples;
import io.solider.tasks.attribute.data.Pa100kAttributes;
import io.solider.tasks.attribute.head.AttributeHead;
import io.solider.tasks.attribute.train.AttributeTrainConfig;
import io.solider.tasks.attribute.train.AttributeTraining;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pedestrian attributes (PA-100K): the pooled {@code norm3} feature into a linear classifier, the
 * weighted BCE, clipping and Adam with two groups, as {@code attr-train}'s step.
 */
final class AttributeWorkloads implements TaskWorkloads {

  @Override
  public String task() {
    return "attribute";
  }

  @Override
  public ImageSize releaseSize() {
    return new ImageSize(256, 128);
  }

  @Override
  public int releaseBatch() {
    return 64;
  }

  @Override
  public String description() {
    return "backbone at λ 0.8 + pooled norm3 + Linear(C, 26); weighted BCE, clip 10, Adam (backbone and head groups); "
        + "inference: one forward, sigmoid";
  }

  @Override
  public TaskWorkload create(Spec spec) throws IOException {
    AttributeTrainConfig config = AttributeTrainConfig.release(spec.arch()).toBuilder()
        .input(spec.size().height(), spec.size().width())
        .batchSize(spec.trainBatch())
        .seed(spec.seed())
        .build();
    List<String> names = Pa100kAttributes.releaseOrderNames();
    SplittableRandom rng = new SplittableRandom(spec.seed());
    float[] labels = new float[spec.trainBatch() * names.size()];
    double[] ratio = new double[names.size()];
    for (int j = 0; j < names.size(); j++) {
      // Positive rates between 2 % and 50 %, as PA-100K's spread; each label drawn at its rate.
      ratio[j] = 0.02 + 0.48 * j / (names.size() - 1);
      for (int b = 0; b < spec.trainBatch(); b++) {
        labels[b * names.size() + j] = rng.nextDouble() < ratio[j] ? 1 : 0;
      }
    }
    AttributeTraining training = AttributeTraining.create(config, names, ratio);
    Nd4j.getRandom().setSeed(spec.seed());
    AttributeExamples.Batch batch = new AttributeExamples.Batch(
        Nd4j.randn(DataType.FLOAT, spec.trainBatch(), 3, spec.size().height(), spec.size().width()), labels,
        new int[spec.trainBatch()]);
    INDArray images = Nd4j.randn(DataType.FLOAT, spec.inferBatch(), 3, spec.size().height(), spec.size().width());
    INDArray lambda = SemanticWeights.constant(config.model().semanticWeight(), spec.inferBatch());
    return TaskWorkload.of(at -> training.step(batch, at),
        () -> {
          // As the test pass (AttributePredictor): backbone forward at λ, pooled feature, head, sigmoid.
          RecomputingBackbone.ForwardPass fp = training.recomputing().forward(images, lambda, null);
          try {
            float[] pooled = fp.outputs().pooled().castTo(DataType.FLOAT).dup('c').data().asFloat();
            AttributeHead.probabilities(training.model().head().forward(pooled, spec.inferBatch()));
          } finally {
            fp.close();
          }
        },
        () -> {
          batch.close();
          images.close();
          lambda.close();
        });
  }
}
