package io.solider.spark.extract;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.nn.extract.InferenceEngine;
import io.solider.spark.LocalSpark;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Inputs of the Spark job tests: synthetic gallery images, a tiny checkpoint, an extraction. */
public final class ExtractJobTestSupport {

  /** A small custom Swin (C 8) that runs 64×32 inputs in milliseconds; pooled dimension 64. */
  static final SwinConfig TINY = SwinConfig.of(8, List.of(2, 1, 1, 2), List.of(1, 2, 2, 4));

  /** Name of the corrupt image added to the gallery. */
  static final String CORRUPT = "0003_c2s1_000000_99.jpg";

  private ExtractJobTestSupport() {}

  /** The synthetic Market-1501 gallery (8 identities, 3 cameras) plus one corrupt image. */
  static Path images(Path dir) throws Exception {
    new SyntheticGenerator(new SynthConfig(3, 8, 3, 4, 2, 1, 0, 0, 0, 0, 0, 0, 128, 64)).generate(dir.resolve("synth"));
    Path gallery = dir.resolve("synth/market1501/bounding_box_test");
    Files.writeString(gallery.resolve(CORRUPT), "not a jpeg");
    return gallery;
  }

  /** A tiny backbone's checkpoint (.pth) in {@code dir}. */
  static Path checkpoint(Path dir) throws Exception {
    Path file = dir.resolve("tiny.pth");
    TorchCheckpointWriter.write(Backbone.initialized(TINY, 5).parameters(), file);
    return file;
  }

  /** λ 0.2, 64×32, ImageNet normalisation, batches of 4. */
  static ExtractJobConfig config(Path checkpoint, int partitions) {
    return new ExtractJobConfig(checkpoint.toString(), 0.2, 64, 32, "imagenet", 4, partitions, InferenceEngine.SAMEDIFF);
  }

  /** Images, checkpoint and an extraction in 3 partitions under {@code dir}; returns the output folder. */
  public static Path extract(Path dir) throws Exception {
    Path out = dir.resolve("out");
    new ExtractJob(LocalSpark.get(), config(checkpoint(dir), 3)).run(images(dir), out, false);
    return out;
  }
}
