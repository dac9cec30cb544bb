package io.solider.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.nn.extract.ExtractionConfig;
import io.solider.nn.extract.FeatureExtractor;
import io.solider.nn.extract.SemanticWeightSpec;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.io.Npy;
import io.solider.tasks.reid.data.Market1501;
import io.solider.tasks.reid.data.ReidSample;
import io.solider.tasks.reid.data.ReidSplits;
import io.solider.tasks.reid.metric.ReidEvaluation;
import io.solider.tasks.reid.metric.ReidEvaluator;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code solider demo}: the whole inference path on a sample it makes itself: synthetic people in
 * Market-1501 layout → a backbone checkpoint in the release's layout → feature extraction of
 * query and gallery at several λ → the re-id protocol's mAP and CMC.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Generates synthetic people (Market-1501 layout), writes a backbone checkpoint in the release's layout "
          + "(randomly initialised unless --checkpoint is given), extracts query/gallery features at each λ "
          + "and evaluates re-identification (mAP, CMC). Writes everything under --output."
    })
final class DemoCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

  @Option(names = "--output", defaultValue = "runs/demo", paramLabel = "DIR", description = "Folder for data, checkpoint, features, metrics.")
  Path output;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the data and of the random backbone.")
  long seed;

  @Option(names = "--checkpoint", paramLabel = "FILE", description = "A SOLIDER checkpoint to use instead of a random backbone.")
  Path checkpoint;

  @Option(names = "--arch", defaultValue = "demo",
      description = "Random backbone: demo (C=32, depths 2-2-2-2, heads 1-2-4-8: quick on a CPU), tiny, small or base.")
  String arch;

  @Option(names = "--size", defaultValue = "128x64", converter = ImageSize.Converter.class, paramLabel = "HxW",
      description = "Input size of the backbone.")
  ImageSize size;

  @Option(names = "--identities", defaultValue = "40", description = "Synthetic identities (half train, half test).")
  int identities;

  @Option(names = "--semantic-weights", defaultValue = "0,0.5,1", split = ",", paramLabel = "λ",
      description = "λ values to evaluate.")
  List<Double> lambdas;

  @Override
  public Integer call() throws Exception {
    Path data = output.resolve("data");
    SynthConfig synth = SynthConfig.tiny(seed).withReid(identities, 4, 6);
    log.info("1/4 generating synthetic people into {}", data);
    new SyntheticGenerator(synth).generate(data);
    ReidSplits market = Market1501.read(data.resolve("market1501"));

    Path ckpt = checkpoint;
    if (ckpt == null) {
      SwinConfig cfg = arch.equals("demo") ? SwinConfig.of(32, List.of(2, 2, 2, 2), List.of(1, 2, 4, 8)) : SwinConfig.named(arch);
      ckpt = output.resolve("backbone_random.pth");
      log.info("2/4 writing a randomly initialised {} backbone in the release's layout to {}", Backbone.describe(cfg), ckpt);
      Map<String, Object> teacher = new LinkedHashMap<>();
      Backbone.initialized(cfg, seed).parameters().forEach((k, v) -> teacher.put("backbone." + k, v));
      TorchCheckpointWriter.write(Map.of("teacher", teacher), ckpt);
    } else {
      log.info("2/4 using checkpoint {}", ckpt);
    }
    Backbone backbone = Backbone.fromCheckpoint(ckpt);
    FeatureExtractor extractor = new FeatureExtractor(backbone,
        new ExtractionConfig(32, size.height(), size.width(), ImageNormalization.imagenet(), false));

    Map<String, Object> results = new LinkedHashMap<>();
    for (double lambda : lambdas) {
      log.info("3/4 extracting query and gallery features at λ = {}", lambda);
      Path feats = output.resolve("features/lambda_" + lambda);
      INDArray q = extract(extractor, data.resolve("market1501"), market.query(), lambda, feats.resolve("query"));
      INDArray g = extract(extractor, data.resolve("market1501"), market.gallery(), lambda, feats.resolve("gallery"));
      ReidEvaluation eval = new ReidEvaluator().evaluate(q.toFloatMatrix(), pids(market.query()), cams(market.query()),
          g.toFloatMatrix(), pids(market.gallery()), cams(market.gallery()));
      log.info("4/4 λ = {}: {}", lambda, eval);
      results.put(Double.toString(lambda), Map.of("mAP", eval.mAP(), "rank1", eval.rank(1), "rank5", eval.rank(5),
          "rank10", eval.rank(10), "num_valid_queries", eval.validQueries()));
    }
    Path metrics = output.resolve("metrics.json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(metrics.toFile(),
        Map.of("checkpoint", ckpt.toString(), "query", market.query().size(), "gallery", market.gallery().size(),
            "by_semantic_weight", results));
    log.info("wrote {}", metrics);
    return 0;
  }

  /** Pooled features of the samples, row i for sample i (the synthetic images all decode). */
  private static INDArray extract(FeatureExtractor extractor, Path root, List<ReidSample> samples, double lambda,
      Path out) throws Exception {
    List<Path> files = samples.stream().map(ReidSample::image).toList();
    var summary = extractor.extractFiles(root, files, SemanticWeightSpec.of(lambda), out);
    if (summary.skipped() > 0) {
      throw new IllegalStateException(summary.skipped() + " demo images did not decode");
    }
    return Npy.read(out.resolve("pooled.npy"));
  }

  private static int[] pids(List<ReidSample> s) {
    return s.stream().mapToInt(ReidSample::pid).toArray();
  }

  private static int[] cams(List<ReidSample> s) {
    return s.stream().mapToInt(ReidSample::camera).toArray();
  }
}
