package io.solider.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SynthCommandTest {

  @TempDir Path out;

  @Test
  void writesEveryDataSetFolder() {
    int code = SoliderCli.newCommandLine().execute("synth", "--output", out.toString(), "--seed", "5",
        "--identities", "6", "--cameras", "2", "--images-per-identity", "3", "--distractors", "1", "--junk", "1",
        "--attribute-images", "5", "--pose-images", "2", "--parsing-images", "3", "--detection-images", "2",
        "--search-scenes", "8", "--unlabeled-images", "2");
    assertThat(code).isZero();
    for (String d : new String[] {"market1501", "msmt17", "pa100k", "coco", "lip", "citypersons", "cuhk_sysu", "prw", "unlabeled"}) {
      assertThat(out.resolve(d)).isDirectory();
    }
  }

  @Test
  void helpShowsDescriptionsAndDefaults() {
    StringWriter sw = new StringWriter();
    CommandLine cl = SoliderCli.newCommandLine();
    cl.setOut(new PrintWriter(sw));
    cl.execute("synth", "--help");
    assertThat(sw.toString()).contains("--identities").contains("Default: 100").contains("--images-per-identity");
  }

  @Test
  void invalidSizeIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cl = SoliderCli.newCommandLine();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("synth", "--output", out.toString(), "--cameras", "12");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("cameras must be in 2..9");
  }
}
