package io.solider.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.solider.nn.backbone.SwinConfig;
import io.solider.ssl.augment.MultiCropConfig;
import io.solider.ssl.augment.MultiCropLoader;
import io.solider.ssl.heads.HeadConfig;
import io.solider.ssl.trainer.PretrainConfig;
import io.solider.ssl.trainer.SoliderTrainer;
import io.solider.ssl.trainer.StepStats;
import io.solider.ssl.trainer.SoliderPretraining;
import io.solider.nn.train.EvaluationPlan;
import io.solider.nn.train.TrainingOptions;
import io.solider.nn.train.TrainingResult;
import io.solider.tasks.reid.metric.ReidEvaluation;
import io.solider.tasks.reid.train.ReidTraining;
import io.solider.tasks.reid.data.Market1501;
import io.solider.tasks.reid.data.ReidSplits;
import io.solider.tasks.reid.train.ReidStepStats;
import io.solider.tasks.reid.train.ReidTrainConfig;
import io.solider.tasks.reid.train.ReidTrainer;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import io.solider.nn.image.Images;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A training fingerprint: short seeded re-id and pretraining runs on a tiny synthetic set, with
 * every step's loss terms (exact, as IEEE bit patterns) and a SHA-256 of the final parameters. Two
 * fingerprints are equal exactly when a change to the training code left its numbers untouched.
 */
@Command(name = "fingerprint", mixinStandardHelpOptions = true,
    description = "Short seeded re-id and pretraining runs; writes per-step losses and parameter checksums as JSON.")
public final class TrainingFingerprint implements Callable<Integer> {

  @Option(names = "--output", required = true, description = "JSON file to write.")
  Path output;

  @Option(names = "--work", description = "Scratch folder (default: a temporary folder).")
  Path work;

  @Override
  public Integer call() throws Exception {
    Path dir = work != null ? work : Files.createTempDirectory("fingerprint");
    new SyntheticGenerator(SynthConfig.tiny(7)).generate(dir.resolve("synth"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("reid", reid(dir));
    out.put("pretrain", pretrain(dir));
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(output.toFile(), out);
    return 0;
  }

  private static Map<String, Object> reid(Path dir) throws Exception {
    ReidSplits data = Market1501.read(dir.resolve("synth/market1501"));
    SwinConfig arch = SwinConfig.of(16, List.of(1, 1, 1, 1), List.of(1, 2, 2, 4)).withWindowSize(4)
        .withDropPathRate(0.1);
    ReidTrainConfig cfg = ReidTrainConfig.release(arch).toBuilder().input(64, 32).batch(3, 4).epochs(2, 1)
        .baseLr(0.01).seed(5).build();
    TrainingResult<ReidTraining, ReidStepStats> r = new ReidTrainer(cfg,
        TrainingOptions.builder(dir.resolve("reid")).build(), EvaluationPlan.onlyAtEnd()).train(data);
    List<Map<String, Object>> steps = new ArrayList<>();
    for (ReidStepStats s : r.steps()) {
      steps.add(terms("loss", s.loss(), "id_loss", s.idLoss(), "triplet_loss", s.tripletLoss()));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("steps", steps);
    m.put("model_sha256", checksum(r.run().model().stateDict()));
    ReidEvaluation e = (ReidEvaluation) r.evaluation();
    m.put("mAP", e.mAP());
    m.put("rank1", e.rank(1));
    return m;
  }

  private static Map<String, Object> pretrain(Path dir) throws Exception {
    SwinConfig arch = SwinConfig.of(8, List.of(1, 1, 1, 1), List.of(1, 1, 2, 2)).withDropPathRate(0.1);
    MultiCropConfig crops = MultiCropConfig.release().withSizes(128, 64, 64, 32).withLocalCrops(2);
    PretrainConfig cfg = PretrainConfig.release(arch).toBuilder().crops(crops)
        .heads(HeadConfig.dino().withWidths(16, 8).withOutDim(32), HeadConfig.partClassifier(3).withWidths(16, 8))
        .epochs(2, 1).batchSize(2).lr(5e-2, 1e-4).seed(11).build();
    List<Path> files = Images.listImages(dir.resolve("synth/unlabeled"));
    TrainingResult<SoliderPretraining, StepStats> r;
    try (MultiCropLoader loader = new MultiCropLoader(files, cfg.crops(), cfg.training().batchSize(), 2, 2, cfg.seed())) {
      r = new SoliderTrainer(cfg, TrainingOptions.builder(dir.resolve("pretrain")).build()).train(loader);
    }
    List<Map<String, Object>> steps = new ArrayList<>();
    for (StepStats s : r.steps()) {
      steps.add(terms("dino_loss", s.dinoLoss(), "semantic_loss", s.semanticLoss()));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("steps", steps);
    m.put("student_sha256", checksum(r.run().student().parameters()));
    m.put("teacher_sha256", checksum(r.run().teacher().parameters()));
    return m;
  }

  private static Map<String, Object> terms(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      double v = (Double) kv[i + 1];
      m.put((String) kv[i], v);
      m.put(kv[i] + "_bits", Long.toHexString(Double.doubleToRawLongBits(v)));
    }
    return m;
  }

  /** SHA-256 over the keys (sorted) and the float32 bytes of each array in C order. */
  static String checksum(Map<String, INDArray> params) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (Map.Entry<String, INDArray> e : new TreeMap<>(params).entrySet()) {
      md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      float[] v = e.getValue().castTo(DataType.FLOAT).dup('c').data().asFloat();
      ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
      for (float f : v) {
        b.putFloat(f);
      }
      md.update(b.array());
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
