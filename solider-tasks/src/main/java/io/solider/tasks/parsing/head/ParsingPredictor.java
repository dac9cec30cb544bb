package io.solider.tasks.parsing.head;

import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.util.NdArrays;
import io.solider.nn.ops.Interpolation;
import io.solider.tasks.common.U8Image;
import io.solider.tasks.parsing.data.LipTestTransform;
import io.solider.tasks.parsing.data.PartMask;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Parses whole images with the release's test protocol ({@code evaluate.py}): each image warped to
 * the crop size ({@link LipTestTransform}), run at every test scale on the crop and its mirror,
 * the fusion logits fused ({@link TestTimeFusion}: mirror channels swapped back, averaged, resized
 * to the crop, scales averaged), the argmax taken and warped back to the image's own resolution.
 * Holds one {@link ParsingNetwork} per scale, built when first used; not thread-safe.
 */
public final class ParsingPredictor implements AutoCloseable {

  private final ParsingModel model;
  private final LipTestTransform transform;
  private final Options options;
  private final InferenceEngine engine;
  private final Map<Double, ParsingNetwork> networks = new LinkedHashMap<>();

  /**
   * How to test.
   *
   * @param scales test scales of the crop (release: 0.5, 0.75, 1, 1.25, 1.5)
   * @param flip whether to add the mirrored pass (release: yes)
   * @param integerCentre map the crop back with the box centre truncated to integers, as
   *     evaluate.py does for the mIoU it prints (its PNGs use the float centre)
   * @param batchSize images per forward pass (each image counts twice with flip)
   */
  public record Options(List<Double> scales, boolean flip, boolean integerCentre, int batchSize) {

    public Options {
      scales = List.copyOf(scales);
      if (scales.isEmpty() || scales.stream().anyMatch(s -> !(s > 0))) {
        throw new IllegalArgumentException("test scales must be positive and at least one, got " + scales);
      }
      if (scales.stream().distinct().count() != scales.size()) {
        throw new IllegalArgumentException("a test scale is given twice: " + scales);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
      }
    }

    /** evaluate_swin.sh's: scales 0.5–1.5 with flip, integer centres for the metric, one image per pass. */
    public static Options release() {
      return new Options(TestTimeFusion.RELEASE_SCALES, true, true, 1);
    }

    public Options withBatchSize(int n) {
      return new Options(scales, flip, integerCentre, n);
    }

    public Options withIntegerCentre(boolean on) {
      return new Options(scales, flip, on, batchSize);
    }
  }

  /**
   * A predictor of {@code model} at crop size {@code cropHeight × cropWidth} (release: 572×384,
   * ImageNet normalisation).
   */
  public ParsingPredictor(ParsingModel model, int cropHeight, int cropWidth, ImageNormalization normalization,
      Options options, InferenceEngine engine) {
    this.model = model;
    this.transform = new LipTestTransform(cropHeight, cropWidth, normalization);
    this.options = options;
    this.engine = engine;
  }

  public Options options() {
    return options;
  }

  /**
   * The label map of each image (class ids, at the image's size) at semantic weight λ.
   *
   * @param images RGB images of any size
   */
  public List<PartMask> predict(List<BufferedImage> images, double lambda) {
    List<PartMask> out = new ArrayList<>(images.size());
    int n = options.batchSize();
    for (int from = 0; from < images.size(); from += n) {
      List<LipTestTransform.Input> inputs = new ArrayList<>();
      for (BufferedImage img : images.subList(from, Math.min(images.size(), from + n))) {
        inputs.add(transform.apply(U8Image.bgr(img)));
      }
      out.addAll(predictCrops(inputs, lambda));
    }
    return out;
  }

  /** The fused crop scores of each input, then its labels mapped back to its image. */
  private List<PartMask> predictCrops(List<LipTestTransform.Input> inputs, double lambda) {
    int ch = transform.cropHeight();
    int cw = transform.cropWidth();
    int views = options.flip() ? 2 : 1;
    List<List<ScoreMaps>> perImage = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      perImage.add(new ArrayList<>());
    }
    for (double s : options.scales()) {
      ParsingNetwork net = network(s);
      int plane = 3 * net.height() * net.width();
      float[] batch = new float[inputs.size() * views * plane];
      for (int i = 0; i < inputs.size(); i++) {
        float[] crop = inputs.get(i).input();
        System.arraycopy(TestTimeFusion.scaleInput(crop, ch, cw, s), 0, batch, i * views * plane, plane);
        if (options.flip()) {
          float[] mirrored = TestTimeFusion.mirror(crop, ch, cw);
          System.arraycopy(TestTimeFusion.scaleInput(mirrored, ch, cw, s), 0, batch, (i * views + 1) * plane, plane);
        }
      }
      var images = Nd4j.create(batch, new long[] {inputs.size() * views, 3, net.height(), net.width()}, 'c');
      ScoreMaps fusion = net.fusion(images, lambda);
      NdArrays.close(images);
      int per = views * fusion.channels() * fusion.plane();
      for (int i = 0; i < inputs.size(); i++) {
        float[] own = new float[per];
        System.arraycopy(fusion.data(), i * per, own, 0, per);
        perImage.get(i).add(new ScoreMaps(views, fusion.channels(), fusion.height(), fusion.width(), own));
      }
    }
    List<PartMask> out = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      LipTestTransform.Input in = inputs.get(i);
      int[] crop = TestTimeFusion.argmax(TestTimeFusion.fuse(perImage.get(i), ch, cw, options.flip()));
      int[] labels = TestTimeFusion.backProject(crop, ch, cw, in.box(), in.width(), in.height(),
          options.integerCentre());
      out.add(new PartMask(in.width(), in.height(), labels));
    }
    return out;
  }

  private ParsingNetwork network(double scale) {
    return networks.computeIfAbsent(scale, s -> new ParsingNetwork(model,
        Interpolation.outputSize(transform.cropHeight(), s), Interpolation.outputSize(transform.cropWidth(), s),
        engine));
  }

  @Override
  public void close() {
    networks.values().forEach(ParsingNetwork::close);
    networks.clear();
  }
}
