package io.solider.cli;

import io.solider.cli.options.LowerCaseEnum;
import io.solider.tasks.search.head.ProposalFilter;
import io.solider.tasks.search.head.SearchPostProcess;
import io.solider.tasks.search.train.SearchTrainConfig;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The person-search model's input scale and test proposals, shared by {@code search-train},
 * {@code search-test} and {@code search-predict}: the release's values, or the CPU preset's
 * ({@code --preset cpu}); an option given explicitly wins over the preset.
 */
final class SearchInputOptions {

  /** The values of {@code --preset}. */
  enum Preset {
    RELEASE, CPU;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** {@code --preset} values in any case. */
  static final class PresetConverter extends LowerCaseEnum<Preset> {
    PresetConverter() {
      super(Preset.class);
    }
  }

  @Option(names = "--preset", defaultValue = "release", paramLabel = "NAME", converter = PresetConverter.class,
      description = "release (the release's recipe) or cpu (small scenes: shorter side 300, longer at most 500; "
          + "fewer proposals, anchors and RoIs; batch 2; 10 epochs, decay at 8; learning rate 0.003). Options given explicitly win. "
          + "Default: ${DEFAULT-VALUE}.")
  Preset preset = Preset.RELEASE;

  @Option(names = "--min-size", defaultValue = "900", paramLabel = "PX",
      description = "Shorter image side after resizing (INPUT.MIN_SIZE). Default: ${DEFAULT-VALUE}.")
  int minSize;

  @Option(names = "--max-size", defaultValue = "1500", paramLabel = "PX",
      description = "Longest image side after resizing (INPUT.MAX_SIZE). Default: ${DEFAULT-VALUE}.")
  int maxSize;

  @Option(names = "--pre-nms-test", defaultValue = "6000", paramLabel = "N",
      description = "Test proposals kept before NMS (RPN.PRE_NMS_TOPN_TEST). Default: ${DEFAULT-VALUE}.")
  int preNmsTest;

  @Option(names = "--post-nms-test", defaultValue = "300", paramLabel = "N",
      description = "Test proposals kept after NMS (RPN.POST_NMS_TOPN_TEST). Default: ${DEFAULT-VALUE}.")
  int postNmsTest;

  /** The preset's configuration for a data set and backbone, with the explicitly given options applied. */
  SearchTrainConfig apply(SearchTrainConfig.Dataset dataset, io.solider.nn.backbone.SwinConfig arch, CommandSpec spec) {
    SearchTrainConfig c = preset == Preset.CPU ? SearchTrainConfig.cpuPreset(dataset, arch)
        : SearchTrainConfig.release(dataset, arch);
    SearchTrainConfig.Input in = c.input();
    SearchTrainConfig.Detector d = c.detector();
    ProposalFilter test = d.rpnTest();
    return c.toBuilder()
        .input(new SearchTrainConfig.Input(given(spec, "--min-size") ? minSize : in.minSize(),
            given(spec, "--max-size") ? maxSize : in.maxSize(), in.batchSize()))
        .detector(new SearchTrainConfig.Detector(d.rpnTrain(), new ProposalFilter(
            given(spec, "--pre-nms-test") ? preNmsTest : test.preNmsTopN(),
            given(spec, "--post-nms-test") ? postNmsTest : test.postNmsTopN(), test.nmsThresh(), test.minSize()),
            d.rpnBatch(), d.roiBatch(), d.detections()))
        .build();
  }

  /** The test settings (sizes, proposals, post-processing) for {@code lambdas}. */
  io.solider.tasks.search.SearchTest.Config test(List<Double> lambdas, int pictureQueries, int topK, CommandSpec spec) {
    SearchTrainConfig c = apply(SearchTrainConfig.Dataset.CUHK_SYSU, io.solider.nn.backbone.SwinConfig.tiny(), spec);
    return new io.solider.tasks.search.SearchTest.Config(c.input().minSize(), c.input().maxSize(),
        c.detector().rpnTest(), SearchPostProcess.seqNet(), lambdas, pictureQueries, topK);
  }

  static boolean given(CommandSpec spec, String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }
}
