package io.solider.tasks.search.data;

import io.solider.nn.image.Images;
import io.solider.nn.train.PrefetchingLoader;
import io.solider.nn.util.Seeds;
import io.solider.tasks.common.DatasetFormatException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Person-search training batches as the release's loader makes them ({@code build_train_loader}:
 * shuffled scenes, {@code drop_last}; each scene {@code to_tensor} → flip with p = 0.5; then the
 * model's {@link RcnnTransform}: normalise, resize, pad the batch to multiples of 32), prepared on
 * worker threads by a {@link PrefetchingLoader} (deterministic from the seed, resumable at any
 * batch).
 */
public final class SearchTrainLoader {

  private SearchTrainLoader() {}

  /**
   * One training scene as the release's data set holds it.
   *
   * @param image the file
   * @param boxes x1, y1, x2, y2 per person (the release's int32 corners, as float32)
   * @param labels per person: the identity (≥ 1), or {@value SearchExchange#UNLABELLED} when unlabelled
   */
  public record Scene(Path image, float[] boxes, int[] labels) {}

  /**
   * One batch.
   *
   * @param images (B, 3, H, W) normalised, resized, zero-padded
   * @param sizes each image's resized height and width
   * @param boxes each image's boxes in resized pixels
   * @param labels each image's labels
   * @param indices the scenes' indices in the training list
   */
  public record Batch(INDArray images, List<int[]> sizes, List<float[]> boxes, List<int[]> labels, int[] indices)
      implements AutoCloseable {

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

  /** The training scenes of a data set: every person box, unlabelled people as 5555. */
  public static List<Scene> scenes(SearchDataset ds) {
    List<Scene> out = new ArrayList<>();
    for (SearchScene s : ds.train()) {
      float[] b = new float[4 * s.boxes().size()];
      int[] l = new int[s.boxes().size()];
      for (int k = 0; k < l.length; k++) {
        SearchBox box = s.boxes().get(k);
        for (int c = 0; c < 4; c++) {
          b[4 * k + c] = box.xyxy()[c];
        }
        l[k] = box.pid() > 0 ? box.pid() : SearchExchange.UNLABELLED;
      }
      out.add(new Scene(s.image(), b, l));
    }
    return out;
  }

  /** Batches of {@code batchSize} scenes in a new random order each epoch; the last partial batch is dropped. */
  public static List<int[]> plan(int scenes, int batchSize, SplittableRandom order) {
    int[] perm = Seeds.permutation(scenes, order);
    List<int[]> batches = new ArrayList<>();
    for (int b = 0; b + batchSize <= scenes; b += batchSize) {
      batches.add(Arrays.copyOfRange(perm, b, b + batchSize));
    }
    return batches;
  }

  /** A loader over {@code scenes} with {@code workers} threads, {@code prefetch} batches ahead. */
  public static PrefetchingLoader<SearchSample, Batch> create(List<Scene> scenes, RcnnTransform transform,
      int batchSize, int workers, int prefetch, long seed) {
    List<Scene> all = List.copyOf(scenes);
    if (all.size() < batchSize) {
      throw new IllegalArgumentException(all.size() + " training scenes are fewer than one batch of " + batchSize);
    }
    return new PrefetchingLoader<>("search-loader", (epoch, order) -> plan(all.size(), batchSize, order),
        (i, rng) -> {
          Scene s = all.get(i);
          return transform.apply(SearchTrainTransform.apply(decode(s), s.boxes(), s.labels(), rng));
        },
        (samples, idx) -> assemble(transform, samples, idx),
        i -> all.get(i).image().toString(), batchSize, workers, prefetch, seed);
  }

  /**
   * A scene's image, checked against its annotations: every person box must overlap the image (a
   * box wholly outside means the annotations belong to an image of another size).
   */
  static BufferedImage decode(Scene s) throws IOException {
    BufferedImage img = Images.decode(s.image());
    int w = img.getWidth();
    int h = img.getHeight();
    float[] b = s.boxes();
    for (int k = 0; 4 * k < b.length; k++) {
      if (!(b[4 * k] < w && b[4 * k + 1] < h && b[4 * k + 2] > 0 && b[4 * k + 3] > 0)) {
        throw new DatasetFormatException(s.image(), "person box " + k + " "
            + Arrays.toString(Arrays.copyOfRange(b, 4 * k, 4 * k + 4)) + " lies outside the "
            + w + "×" + h + " image (annotations of an image of another size?)");
      }
    }
    return img;
  }

  /** Pads transformed samples into one batch. */
  public static Batch assemble(RcnnTransform transform, List<SearchSample> samples, int[] indices) {
    RcnnTransform.Batch b = transform.batch(samples);
    List<float[]> boxes = new ArrayList<>();
    List<int[]> labels = new ArrayList<>();
    for (SearchSample s : samples) {
      boxes.add(s.boxes());
      labels.add(s.pids());
    }
    INDArray images = Nd4j.create(b.pixels(), new long[] {samples.size(), 3, b.height(), b.width()}, 'c');
    return new Batch(images, b.sizes(), boxes, labels, indices);
  }
}
