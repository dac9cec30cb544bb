package io.solider.tasks.detection;

import io.solider.nn.image.Images;
import io.solider.nn.io.JsonFile;
import io.solider.nn.progress.ProgressLog;
import io.solider.tasks.common.U8Image;
import io.solider.tasks.detection.head.CspModel;
import io.solider.tasks.detection.head.DetectedBox;
import io.solider.tasks.detection.metric.Detection;
import io.solider.tasks.detection.metric.DetectionJson;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pedestrian detections for a folder of images, as the release's test computes them (full image
 * at the test scale, the release's decoding and NMS) at one semantic weight. Writes
 * {@code detections.json} (COCO results: {@code image_id}, {@code category_id} 1, {@code bbox}
 * [x, y, w, h], {@code score}), {@code images.json} (COCO {@code images} entries: the id, file name
 * relative to the folder, width and height of every image) and {@code overlays/NAME.png} (the
 * detections at or above a score drawn on the image) for the first images.
 */
public final class DetectionPredict {

  private static final Logger log = LoggerFactory.getLogger(DetectionPredict.class);

  /**
   * How to predict.
   *
   * @param semanticWeight λ (the release: 1.0)
   * @param detector test scale, decoding, engine
   * @param overlays images drawn (the first ones in file order)
   * @param overlay what the overlays show
   */
  public record Config(double semanticWeight, CspDetector.Config detector, int overlays, BoxOverlay overlay) {
    public Config {
      if (!(semanticWeight >= 0 && semanticWeight <= 1)) {
        throw new IllegalArgumentException("semantic weight must be in [0, 1], got " + semanticWeight);
      }
      if (overlays < 0) {
        throw new IllegalArgumentException("overlays must be >= 0, got " + overlays);
      }
    }

    /** The release's test settings at λ 1.0; 50 overlays with detections of score ≥ 0.3. */
    public static Config release() {
      return new Config(1.0, CspDetector.Config.release(), 50, new BoxOverlay(0.3));
    }
  }

  /** The detections of one image, numbered from 1 in file order. */
  public record Result(long imageId, Path file, int width, int height, List<DetectedBox> boxes) {}

  private DetectionPredict() {}

  /** Detects pedestrians in every image under {@code input} and writes the files named in the class comment. */
  public static List<Result> run(CspModel model, Path input, Config config, Path output) throws IOException {
    List<Path> files = Images.listImages(input);
    if (files.isEmpty()) {
      throw new IllegalArgumentException(input + ": no images (" + Images.EXTENSIONS + ")");
    }
    List<Result> results = new ArrayList<>();
    List<Detection> dets = new ArrayList<>();
    List<Map<String, Object>> images = new ArrayList<>();
    ProgressLog progress = ProgressLog.every10s(log, "detection", "images", files.size());
    try (CspDetector detector = new CspDetector(model, config.detector())) {
      for (int i = 0; i < files.size(); i++) {
        Path f = files.get(i);
        BufferedImage rgb = Images.decode(f);
        long id = i + 1;
        List<DetectedBox> boxes = detector.detect(U8Image.bgr(rgb), config.semanticWeight());
        results.add(new Result(id, f, rgb.getWidth(), rgb.getHeight(), boxes));
        boxes.forEach(b -> dets.add(b.toDetection(id)));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", id);
        entry.put("file_name", input.relativize(f).toString());
        entry.put("width", rgb.getWidth());
        entry.put("height", rgb.getHeight());
        images.add(entry);
        if (i < config.overlays()) {
          String name = input.relativize(f).toString().replaceAll("\\.[^./]*$", "").replace('/', '_');
          config.overlay().write(rgb, List.of(), boxes, name, output.resolve("overlays").resolve(name + ".png"));
        }
        progress.advance(1);
      }
    }
    DetectionJson.writeResults(dets, output.resolve("detections.json"));
    JsonFile.write(Map.of("images", images), output.resolve("images.json"));
    log.info("{} images, {} detections; wrote {}", files.size(), dets.size(), output);
    return results;
  }
}
