package io.solider.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code solider} command-line tool; each task is a subcommand. */
@Command(
    name = "solider",
    mixinStandardHelpOptions = true,
    version = "solider-dl4j 0.1.0",
    description = "SOLIDER human-centric representations on Deeplearning4j.",
    subcommands = {
      CommandLine.HelpCommand.class,
      DemoCommand.class,
      ExtractCommand.class,
      ExportCommand.class,
      SynthCommand.class,
      io.solider.bench.BenchCommand.class,
      PretrainCommand.class,
      ReidEvalCommand.class,
      ReidTrainCommand.class,
      ReidTestCommand.class,
      ReidPredictCommand.class,
      ReidIndexCommand.class,
      ReidSearchCommand.class,
      AttrEvalCommand.class,
      AttrTrainCommand.class,
      AttrProbeCommand.class,
      AttrTestCommand.class,
      AttrPredictCommand.class,
      ParsingEvalCommand.class,
      ParsingTrainCommand.class,
      ParsingTestCommand.class,
      ParsingPredictCommand.class,
      PoseEvalCommand.class,
      PoseTrainCommand.class,
      PoseTestCommand.class,
      PosePredictCommand.class,
      SearchEvalCommand.class,
      SearchProtocolCommand.class,
      SearchTrainCommand.class,
      SearchTestCommand.class,
      SearchPredictCommand.class,
      DetEvalCommand.class,
      DetTrainCommand.class,
      DetTestCommand.class,
      DetPredictCommand.class,
    })
public final class SoliderCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the tool; exits with the subcommand's code. */
  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** A command line with the project's error handling: a one-line reason, no stack trace. */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new SoliderCli());
    cl.setExecutionExceptionHandler(new OneLineErrors());
    cl.setParameterExceptionHandler(new OneLineErrors.Usage());
    cl.setExecutionStrategy(new OneLineErrors.Fatal(new CommandLine.RunLast()));
    // Enum options (--arch, --normalization, --mode) are written in lower case; accept any case.
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }
}
