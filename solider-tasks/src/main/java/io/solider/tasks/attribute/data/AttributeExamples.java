package io.solider.tasks.attribute.data;

import io.solider.nn.image.Images;
import io.solider.tasks.common.ImageSource;
import io.solider.tasks.common.SkippedImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One split of an attribute data set as model inputs: image {@code i} decoded and transformed
 * (training transform with the caller's generator, or the test transform), labels as float32
 * targets. Unreadable images are skipped with a warning and counted ({@link ImageSource}).
 */
public final class AttributeExamples {

  private final List<AttributeSample> samples;
  private final AttributeTransform transform;
  private final boolean training;
  private final ImageSource images = new ImageSource();

  /**
   * @param samples the split
   * @param transform the release's transform
   * @param training apply the training transform (random crop and flip) instead of the test one
   */
  public AttributeExamples(List<AttributeSample> samples, AttributeTransform transform, boolean training) {
    this.samples = List.copyOf(samples);
    this.transform = transform;
    this.training = training;
  }

  public int size() {
    return samples.size();
  }

  public AttributeSample sample(int i) {
    return samples.get(i);
  }

  /** Images skipped so far. */
  public SkippedImages skipped() {
    return images.skipped();
  }

  /**
   * A model input.
   *
   * @param index position in the split
   * @param image C×H×W normalised pixels
   * @param labels the attribute targets (0/1)
   */
  public record Example(int index, float[] image, float[] labels) {}

  /**
   * Example {@code i}, or empty if its image cannot be read.
   *
   * @param rng the draws of the training transform (unused for the test transform)
   */
  public Optional<Example> load(int i, SplittableRandom rng) {
    AttributeSample s = samples.get(i);
    Optional<BufferedImage> img = images.load(s.image());
    if (img.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(example(i, img.get(), rng));
  }

  /**
   * Example {@code i}; an image that cannot be read is an error naming the file (training data
   * must be complete: the release would stop too).
   *
   * @throws IOException naming the file when it is missing or cannot be decoded
   */
  public Example require(int i, SplittableRandom rng) throws IOException {
    return example(i, Images.decode(samples.get(i).image()), rng);
  }

  private Example example(int i, BufferedImage img, SplittableRandom rng) {
    float[] pixels = training ? transform.train(img, rng) : transform.test(img);
    int[] l = samples.get(i).labels();
    float[] labels = new float[l.length];
    for (int j = 0; j < l.length; j++) {
      labels[j] = l[j];
    }
    return new Example(i, pixels, labels);
  }

  /**
   * A batch of examples; closing it frees the images.
   *
   * @param images (B, 3, H, W)
   * @param labels (B, A) row-major targets
   * @param indices positions of the examples in the split
   */
  public record Batch(INDArray images, float[] labels, int[] indices) implements AutoCloseable {

    /** Examples in the batch. */
    public int size() {
      return indices.length;
    }

    @Override
    public void close() {
      if (!images.wasClosed()) {
        images.close();
      }
    }
  }

  /** Stacks examples (all of this transform's size) into one batch. */
  public Batch stack(List<Example> examples) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("cannot stack an empty batch");
    }
    int per = 3 * transform.height() * transform.width();
    int a = examples.get(0).labels().length;
    float[] pixels = new float[examples.size() * per];
    float[] labels = new float[examples.size() * a];
    int[] indices = new int[examples.size()];
    for (int b = 0; b < examples.size(); b++) {
      Example e = examples.get(b);
      if (e.image().length != per || e.labels().length != a) {
        throw new IllegalArgumentException("example " + e.index() + " has " + e.image().length + " pixels and "
            + e.labels().length + " labels, the batch " + per + " and " + a);
      }
      System.arraycopy(e.image(), 0, pixels, b * per, per);
      System.arraycopy(e.labels(), 0, labels, b * a, a);
      indices[b] = e.index();
    }
    INDArray images = Nd4j.create(pixels, new long[] {examples.size(), 3, transform.height(), transform.width()}, 'c');
    return new Batch(images, labels, indices);
  }
}
