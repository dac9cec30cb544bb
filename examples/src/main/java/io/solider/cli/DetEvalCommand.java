package io.solider.cli;

import io.solider.nn.io.JsonFile;
import io.solider.tasks.detection.metric.MissRateEvaluation;
import io.solider.tasks.detection.metric.MissRateEvaluator;
import io.solider.tasks.detection.metric.MissRateSetup;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code solider det-eval}: CityPersons log-average miss rates of detections computed anywhere. */
@Command(
    name = "det-eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates pedestrian detections as the release's CityPersons evaluation does (eval_MR_multisetup.py): "
          + "log-average miss rate over 9 FPPI points 10^-2..10^0, IoU 0.5, at most 1000 detections per image, "
          + "for the setups Reasonable, Reasonable_small, Reasonable_occ=heavy and All. Writes a JSON file of "
          + "fractions (-1 for a setup without any counted person)."
    })
final class DetEvalCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(DetEvalCommand.class);

  @Option(names = "--gt", required = true, paramLabel = "GT.json",
      description = "Ground truth, COCO style: images[].id, categories[].id, annotations with id, image_id, "
          + "category_id, bbox [x,y,w,h], height, vis_ratio, ignore (CityPersons' val_gt.json).")
  Path gt;

  @Option(names = "--dets", required = true, paramLabel = "DETS.json",
      description = "Detections, a COCO results list: image_id, category_id (1), bbox [x,y,w,h], score.")
  Path dets;

  @Option(names = "--ecp", description = "Use the release's EuroCity Persons height ranges (40, 30-60, 40, 20 px) "
      + "instead of CityPersons' (50, 50-75, 50, 20 px). Default: off.")
  boolean ecp;

  @Option(names = "--output", required = true, paramLabel = "FILE",
      description = "Metrics JSON: Reasonable, Reasonable_small, Reasonable_occ=heavy, All (fractions).")
  Path output;

  @Override
  public Integer call() throws Exception {
    MissRateEvaluator evaluator = new MissRateEvaluator(ecp ? MissRateSetup.eurocityPersons() : MissRateSetup.cityPersons());
    MissRateEvaluation e = evaluator.evaluate(gt, dets);
    JsonFile.write(e.toJson(), output);
    log.info("{}; wrote {}", e.summary(), output);
    return 0;
  }
}
