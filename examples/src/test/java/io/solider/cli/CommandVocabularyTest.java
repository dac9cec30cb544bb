package io.solider.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.cli.options.ImageSizeOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line speaks one vocabulary: the same concept has the same option name, format and
 * meaning in every command, and every default the help shows is the option's real default.
 */
class CommandVocabularyTest {

  /** Every command and sub-command, by its full name. */
  static Map<String, CommandSpec> commands() {
    Map<String, CommandSpec> all = new LinkedHashMap<>();
    collect(SoliderCli.newCommandLine(), all);
    return all;
  }

  private static void collect(CommandLine cl, Map<String, CommandSpec> into) {
    into.put(cl.getCommandSpec().qualifiedName(), cl.getCommandSpec());
    cl.getSubcommands().values().forEach(c -> collect(c, into));
  }

  @Test
  void everyShownDefaultIsTheOptionsDefault() {
    List<String> wrong = new ArrayList<>();
    commands().forEach((name, spec) -> {
      CommandLine.Help help = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
      for (OptionSpec o : spec.options()) {
        String description = String.join(" ", o.description());
        if (!description.contains("${DEFAULT-VALUE}")) {
          continue;
        }
        String shown = String.join(" ", o.renderedDescription());
        Object def = o.defaultValue() != null ? o.defaultValue() : o.initialValue();
        String want = def instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
            : String.valueOf(def);
        if (!shown.contains("Default: " + want) && !shown.contains("Default: " + def)) {
          wrong.add(name + " " + o.longestName() + ": shows '" + shown + "', default is " + want);
        }
      }
      assertThat(help.optionList()).isNotNull();
    });
    assertThat(wrong).isEmpty();
  }

  @Test
  void noCommandUsesARetiredName() {
    Set<String> retired = Set.of("--height", "--width", "--global-size", "--lambda", "--no-recompute",
        "--whole-graph", "--semantic-weights");
    List<String> found = new ArrayList<>();
    commands().forEach((name, spec) -> spec.options().forEach(o -> {
      for (String n : o.names()) {
        if (retired.contains(n)) {
          found.add(name + " " + n);
        }
      }
    }));
    assertThat(found).isEmpty();
  }

  @Test
  void sharedConceptsHaveOneFormEverywhere() {
    commands().forEach((name, spec) -> {
      OptionSpec size = spec.findOption("--size");
      if (size != null) {
        assertThat(size.converters()).as(name + " --size").hasSize(1);
        assertThat(size.converters()[0]).as(name + " --size").isInstanceOf(ImageSizeOption.Converter.class);
      }
      OptionSpec arch = spec.findOption("--arch");
      if (arch != null) {
        assertThat(arch.defaultValue()).as(name + " --arch default").isEqualTo("auto");
        assertThat(arch.completionCandidates()).as(name + " --arch values")
            .containsExactly("auto", "tiny", "small", "base", "custom");
      }
      OptionSpec normalization = spec.findOption("--normalization");
      if (normalization != null) {
        assertThat(normalization.completionCandidates()).as(name).containsExactly("imagenet", "reid");
      }
      OptionSpec batch = spec.findOption("--batch-size");
      if (batch != null) {
        assertThat(batch.names()).as(name).contains("--batch");
      }
      OptionSpec recompute = spec.findOption("--recompute");
      if (recompute != null) {
        assertThat(recompute.negatable()).as(name + " --recompute").isTrue();
      }
    });
  }

  @Test
  void aCommandLineThatDoesNotParseIsOneLineAndExitTwo() {
    for (String[] args : List.of(new String[] {"reid-test", "--height", "64"},
        new String[] {"reid-test", "--arch", "huge", "--checkpoint", "c", "--data", "d", "--output", "o"},
        new String[] {"extract", "--size", "64"})) {
      var cl = SoliderCli.newCommandLine();
      java.io.StringWriter err = new java.io.StringWriter();
      cl.setErr(new java.io.PrintWriter(err));
      assertThat(cl.execute(args)).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err.toString().strip()).as(String.join(" ", args)).startsWith(args[0] + ": error: ")
          .endsWith("(see 'solider " + args[0] + " --help')").doesNotContain("\n");
    }
    var cl = SoliderCli.newCommandLine();
    java.io.StringWriter err = new java.io.StringWriter();
    cl.setErr(new java.io.PrintWriter(err));
    cl.execute("reid-test", "--arch", "huge", "--checkpoint", "c", "--data", "d", "--output", "o");
    assertThat(err.toString()).contains("'huge' is not one of auto, tiny, small, base, custom");
  }

  @Test
  void reidCommandsShareTheReleaseTestDefaults() {
    for (String cmd : List.of("solider reid-test", "solider reid-index", "solider reid-predict", "solider reid-train")) {
      CommandSpec spec = commands().get(cmd);
      assertThat(String.valueOf(spec.findOption("--size").initialValue())).as(cmd).isEqualTo("384x128");
      assertThat(spec.findOption("--semantic-weight").initialValue().toString()).as(cmd).matches("\\[?0\\.2]?");
    }
  }
}
