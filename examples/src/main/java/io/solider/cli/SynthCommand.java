package io.solider.cli;

import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SynthTruth;
import io.solider.tasks.synth.SyntheticGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code solider synth}: writes labelled synthetic people in the real benchmark layouts. */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "Draws synthetic people from one seed and writes them under DIR as market1501/, msmt17/, "
        + "pa100k/, coco/, lip/, citypersons/, cuhk_sysu/, prw/ and unlabeled/, each in the real data set's own "
        + "layout. Same seed and sizes give byte-identical files.")
public final class SynthCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(SynthCommand.class);

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder to write the data sets into.")
  Path output;

  @Option(names = "--seed", defaultValue = "0", description = "Master seed; everything drawn derives from it.")
  long seed;

  @Option(names = "--identities", defaultValue = "100", description = "Re-id identities per set (Market-1501, MSMT17); half train, half test.")
  int identities;

  @Option(names = "--cameras", defaultValue = "6", description = "Cameras (2–9), each with its own view, light, background and scale.")
  int cameras;

  @Option(names = "--images-per-identity", defaultValue = "8", description = "Re-id images per identity, spread over the cameras that see it.")
  int imagesPerIdentity;

  @Option(names = "--distractors", defaultValue = "30", description = "Market-1501 distractor images (identity 0000).")
  int distractors;

  @Option(names = "--junk", defaultValue = "15", description = "Market-1501 junk images (identity -1).")
  int junk;

  @Option(names = "--attribute-images", defaultValue = "2000", description = "PA-100K images (80/10/10 train/val/test).")
  int attributeImages;

  @Option(names = "--pose-images", defaultValue = "300", description = "COCO keypoint images (1–3 people each; 5/6 train).")
  int poseImages;

  @Option(names = "--parsing-images", defaultValue = "600", description = "LIP images with part masks (5/6 train, 1/6 val).")
  int parsingImages;

  @Option(names = "--detection-images", defaultValue = "200", description = "CityPersons images (1024×512; 0–14 people, "
      + "25–400 px tall, a third of the scenes crowded; occluders; posters as ignore regions), 4/5 train.")
  int detectionImages;

  @Option(names = "--search-scenes", defaultValue = "110", description = "CUHK-SYSU and PRW scene images each (half train, half test).")
  int searchScenes;

  @Option(names = "--unlabeled-images", defaultValue = "200", description = "Unlabelled person crops for pretraining.")
  int unlabeledImages;

  @Option(names = "--crop-height", defaultValue = "128", description = "Re-id crop height in pixels.")
  int cropHeight;

  @Option(names = "--crop-width", defaultValue = "64", description = "Re-id crop width in pixels.")
  int cropWidth;

  @Override
  public Integer call() throws Exception {
    SynthConfig cfg = new SynthConfig(seed, identities, cameras, imagesPerIdentity, distractors, junk,
        attributeImages, poseImages, parsingImages, detectionImages, searchScenes, unlabeledImages, cropHeight, cropWidth);
    log.info("generating {}", cfg);
    long t0 = System.nanoTime();
    SynthTruth t = new SyntheticGenerator(cfg).generate(output);
    log.info("wrote {} Market-1501, {} MSMT17, {} PA-100K, {} COCO, {} LIP, {} CityPersons, {} CUHK-SYSU/PRW scenes,"
            + " {} unlabelled images to {} in {} s",
        t.market().size(), t.msmt().size(), t.attributes().size(), t.pose().size(), t.parsing().size(),
        t.detection().size(), t.search().size(), t.unlabeled().size(), output,
        String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    return 0;
  }
}
