package io.solider.tasks.pose;

import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.image.ImageSize;
import io.solider.nn.image.Images;
import io.solider.nn.io.JsonFile;
import io.solider.tasks.common.ImageSource;
import io.solider.tasks.pose.data.CenterScale;
import io.solider.tasks.pose.data.CocoJoints;
import io.solider.tasks.pose.data.ImageSizes;
import io.solider.tasks.pose.data.PersonInstance;
import io.solider.tasks.pose.head.PoseModel;
import io.solider.tasks.pose.metric.PersonPrediction;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keypoints for a folder of person images (an image or a list of images): each image is taken as
 * one person whose box is the whole image (the top-down model needs a box; a folder of person
 * crops, as detectors or re-id data sets give them). Writes {@code results.json}, a COCO results
 * list ({@code image_id} = position in {@code images.json}, {@code category_id} 1, 51 keypoint
 * numbers, {@code score} = mean keypoint score), {@code images.json} (id → file) and a skeleton
 * overlay per image under {@code overlays/}.
 */
public final class PosePredict {

  private static final Logger log = LoggerFactory.getLogger(PosePredict.class);

  /**
   * How to predict.
   *
   * @param input crop size (384×288)
   * @param semanticWeight λ (0.8)
   * @param flipTest average with the mirrored crop
   * @param batchSize crops per forward pass
   * @param overlays whether to draw skeleton overlays
   * @param engine what runs the backbone
   */
  public record Config(ImageSize input, double semanticWeight, boolean flipTest, int batchSize, boolean overlays,
      InferenceEngine engine) {
    public Config {
      if (!(semanticWeight >= 0 && semanticWeight <= 1)) {
        throw new IllegalArgumentException("semantic weight must be in [0, 1], got " + semanticWeight);
      }
    }
  }

  /** One image's prediction: 17 × (x, y, score) in its pixels and the person score. */
  public record Prediction(Path file, float[] keypoints, double score) {}

  private PosePredict() {}

  /**
   * Predicts keypoints for {@code input} (an image file or a folder of images) and writes the files.
   *
   * @throws IllegalArgumentException when {@code input} holds no image
   */
  public static List<Prediction> run(PoseModel model, Path input, Config config, Path output) throws IOException {
    List<Path> files = Files.isDirectory(input) ? Images.listImages(input) : List.of(input);
    if (files.isEmpty()) {
      throw new IllegalArgumentException(input + ": no images (" + Images.EXTENSIONS + ")");
    }
    ImageSource source = new ImageSource();
    double aspect = (double) config.input().width() / config.input().height();
    List<PersonInstance> people = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Optional<BufferedImage> img = source.load(files.get(i));
      if (img.isPresent()) {
        int w = img.get().getWidth();
        int h = img.get().getHeight();
        people.add(new PersonInstance(files.get(i), i + 1L, CenterScale.fromBox(0, 0, w, h, aspect,
            CenterScale.PADDING), new double[] {0, 0, w, h}, new float[2 * CocoJoints.COUNT],
            ones(CocoJoints.COUNT), 1, i));
      }
    }
    if (people.isEmpty()) {
      throw new IllegalArgumentException(input + ": none of the " + files.size() + " images could be decoded");
    }
    List<PersonPrediction> predicted;
    try (PoseEstimator estimator = new PoseEstimator(model,
        new PoseEstimator.Config(config.input(), config.flipTest(), config.batchSize()), config.engine())) {
      predicted = estimator.predict(people, new double[] {config.semanticWeight()}, ImageSizes.none()).get(0);
    }
    Files.createDirectories(output);
    List<Prediction> out = new ArrayList<>();
    List<Map<String, Object>> results = new ArrayList<>();
    List<Map<String, Object>> images = new ArrayList<>();
    for (int i = 0; i < predicted.size(); i++) {
      PersonPrediction p = predicted.get(i);
      PersonInstance person = people.get(i);
      float[] k = p.keypoints();
      double score = 0;
      for (int j = 0; j < CocoJoints.COUNT; j++) {
        score += k[3 * j + 2];
      }
      score /= CocoJoints.COUNT;
      out.add(new Prediction(person.image(), k, score));
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("image_id", p.imageId());
      r.put("category_id", 1);
      List<Double> kp = new ArrayList<>();
      for (float v : k) {
        kp.add((double) v);
      }
      r.put("keypoints", kp);
      r.put("score", score);
      results.add(r);
      images.add(Map.of("id", p.imageId(), "file_name", person.image().toAbsolutePath().toString()));
      if (config.overlays()) {
        String name = person.image().getFileName().toString();
        PoseOverlay.write(PoseOverlay.draw(Images.decode(person.image()), List.of(new PoseOverlay.Person(k, null))),
            output.resolve("overlays").resolve(name.substring(0, Math.max(1, name.lastIndexOf('.'))) + ".png"));
      }
    }
    JsonFile.write(results, output.resolve("results.json"));
    JsonFile.write(images, output.resolve("images.json"));
    log.info("{} images ({} skipped): keypoints in {}", out.size(), source.skipped().count(),
        output.resolve("results.json"));
    return out;
  }

  private static float[] ones(int n) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, 1f);
    return a;
  }
}
