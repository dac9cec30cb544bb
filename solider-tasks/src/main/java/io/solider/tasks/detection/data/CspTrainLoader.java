package io.solider.tasks.detection.data;

import io.solider.nn.train.PrefetchingLoader;
import io.solider.nn.util.Seeds;
import io.solider.tasks.common.U8Image;
import io.solider.tasks.detection.loss.CspTargetGenerator;
import io.solider.tasks.detection.loss.CspTargets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * CSP training batches as the release's loader makes them: each epoch's order from mmdetection's
 * {@code GroupSampler} (shuffled, padded to a multiple of the batch with the first indices of the
 * shuffle, batches in random order), each image decoded, augmented ({@link CspAugmentation}),
 * normalised ({@link CspNormalization}, the crop is a multiple of 32 so nothing is padded) and its
 * targets computed ({@link CspTargetGenerator}) on a worker thread ({@link PrefetchingLoader}:
 * deterministic from the seed, resumable at any batch).
 */
public final class CspTrainLoader {

  private CspTrainLoader() {}

  /**
   * One batch: images (B, 3, H, W), their targets and the sample indices. Closing it frees the
   * images.
   *
   * @param people pedestrians in the batch's crops
   */
  public record Batch(INDArray images, List<CspTargets> targets, int[] indices, int people) implements AutoCloseable {
    @Override
    public void close() {
      if (!images.wasClosed()) {
        images.close();
      }
    }
  }

  /** One prepared image: normalised pixels, targets, pedestrians kept. */
  public record Loaded(float[] pixels, CspTargets targets, int people) {}

  /**
   * A loader over {@code images} (the annotation's width and height must be the files').
   *
   * @param batch images per batch
   */
  public static PrefetchingLoader<Loaded, Batch> create(List<DetectionImage> images, CspAugmentation augmentation,
      int batch, int workers, int prefetch, long seed) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no training images");
    }
    List<DetectionImage> all = List.copyOf(images);
    List<CspBoxes> boxes = all.stream().map(CspBoxes::of).toList();
    int h = augmentation.config().cropHeight();
    int w = augmentation.config().cropWidth();
    CspNormalization norm = CspNormalization.release(32);
    CspTargetGenerator targets = CspTargetGenerator.release();
    return new PrefetchingLoader<Loaded, Batch>("det-loader", (epoch, order) -> plan(all.size(), batch, order),
        (i, rng) -> {
          U8Image img = all.get(i).readBgr();
          CspSample s = augmentation.apply(img, boxes.get(i), Draws.of(rng));
          return new Loaded(norm.apply(s.image()), targets.generate(s.people(), s.ignores(), h, w), s.personCount());
        },
        (loaded, idx) -> {
          int per = 3 * h * w;
          float[] data = new float[idx.length * per];
          List<CspTargets> t = new ArrayList<>();
          int people = 0;
          for (int k = 0; k < idx.length; k++) {
            System.arraycopy(loaded.get(k).pixels(), 0, data, k * per, per);
            t.add(loaded.get(k).targets());
            people += loaded.get(k).people();
          }
          return new Batch(Nd4j.create(data, new long[] {idx.length, 3, h, w}, 'c'), t, idx, people);
        },
        i -> all.get(i).image().toString(), batch, workers, prefetch, seed);
  }

  /**
   * mmdetection's {@code GroupSampler} for one group: a shuffle of {@code n} indices, padded to a
   * multiple of {@code batch} with its first indices, cut into batches taken in random order.
   */
  static List<int[]> plan(int n, int batch, SplittableRandom order) {
    int[] idx = Seeds.permutation(n, order);
    int batches = (n + batch - 1) / batch;
    int[] padded = new int[batches * batch];
    for (int i = 0; i < padded.length; i++) {
      padded[i] = idx[i % n];
    }
    int[] perm = Seeds.permutation(batches, order);
    List<int[]> out = new ArrayList<>();
    for (int b : perm) {
      int[] chunk = new int[batch];
      System.arraycopy(padded, b * batch, chunk, 0, batch);
      out.add(chunk);
    }
    return out;
  }
}
