package io.solider.cli;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;

/** Shared inputs of the re-id command tests: a tiny synthetic Market-1501 set and tiny re-id checkpoints. */
final class ReidFixtures {

  /** A small custom Swin (C 8) that runs 64×32 inputs in milliseconds; pooled dimension 64. */
  static final SwinConfig TINY = SwinConfig.of(8, List.of(2, 1, 1, 2), List.of(1, 2, 2, 4));

  private ReidFixtures() {}

  /** Result of one command-line run. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = SoliderCli.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Market-1501 layout only (other data sets empty): 8 identities, 3 cameras, 4 shots each. */
  static Path market(Path dir) throws Exception {
    SynthConfig cfg = new SynthConfig(3, 8, 3, 4, 2, 1, 0, 0, 0, 0, 0, 0, 128, 64);
    new SyntheticGenerator(cfg).generate(dir);
    return dir.resolve("market1501");
  }

  /**
   * A re-id model checkpoint in the release's layout: {@code base.<backbone>}, a BatchNorm1d
   * {@code bottleneck} and a bias-free {@code classifier} over {@code classes} identities.
   */
  static Backbone writeReidCheckpoint(SwinConfig config, long seed, Path file, boolean withBackbone) throws Exception {
    Backbone b = Backbone.initialized(config, seed);
    Map<String, Object> sd = new LinkedHashMap<>();
    if (withBackbone) {
      b.parameters().forEach((k, v) -> sd.put("base." + k, v));
    }
    int d = config.pooledDim();
    sd.put("bottleneck.weight", Nd4j.ones(DataType.FLOAT, d));
    sd.put("bottleneck.bias", Nd4j.zeros(DataType.FLOAT, d));
    sd.put("bottleneck.running_mean", Nd4j.zeros(DataType.FLOAT, d));
    sd.put("bottleneck.running_var", Nd4j.ones(DataType.FLOAT, d));
    sd.put("classifier.weight", Nd4j.rand(DataType.FLOAT, 4, d));
    TorchCheckpointWriter.write(sd, file);
    return b;
  }
}
