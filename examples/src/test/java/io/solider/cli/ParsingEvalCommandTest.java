package io.solider.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.tasks.parsing.data.LabelPng;
import io.solider.tasks.parsing.data.PartMask;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code solider parsing-eval}: PNG folders in, metrics JSON out, one-line reasons for bad input. */
class ParsingEvalCommandTest {

  @TempDir Path dir;
  Path gt;
  Path pred;

  record Run(int code, String err) {}

  @BeforeEach
  void writeInputs() throws Exception {
    gt = Files.createDirectories(dir.resolve("gt"));
    pred = Files.createDirectories(dir.resolve("pred"));
    // a.png: 4 pixels, GT (0, 1, 1, 255), prediction (0, 1, 2, 7) → 2 of 3 right.
    LabelPng.writePalette(new PartMask(2, 2, new int[] {0, 1, 1, 255}), gt.resolve("a.png"));
    LabelPng.writePalette(new PartMask(2, 2, new int[] {0, 1, 2, 7}), pred.resolve("a.png"));
  }

  static Run run(String... args) {
    var cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    return new Run(cl.execute(args), err.toString());
  }

  Run eval(Path out, String... extra) {
    String[] base = {"parsing-eval", "--gt-dir", gt.toString(), "--pred-dir", pred.toString(), "--output", out.toString()};
    String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return run(all);
  }

  static void assertOneLine(Run r, int code, String... parts) {
    assertThat(r.code()).as(r.err()).isEqualTo(code);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).doesNotContain("\tat ").contains(parts);
  }

  @Test
  void writesTheFourMetricsInPercent() throws Exception {
    Path out = dir.resolve("m/metrics.json");
    Run r = eval(out);
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(out.toFile());
    assertThat(m.fieldNames()).toIterable().containsExactly("pixel_accuracy", "mean_accuracy", "mIoU", "per_class_IoU");
    assertThat(m.get("pixel_accuracy").asDouble()).isEqualTo((2.0 / 3) * 100);
    assertThat(m.get("per_class_IoU")).hasSize(20);
    assertThat(m.get("per_class_IoU").get(0).asDouble()).isEqualTo(100.0);
    assertThat(m.get("per_class_IoU").get(1).asDouble()).isEqualTo(50.0);
    assertThat(m.get("mIoU").asDouble()).isEqualTo(150.0 / 20);
  }

  @Test
  void missingPredictionNamesTheFile() throws Exception {
    LabelPng.writePalette(new PartMask(1, 1, new int[] {3}), gt.resolve("b.png"));
    Path out = dir.resolve("x.json");
    assertOneLine(eval(out), 1, "b.png", "missing prediction");
    assertThat(out).doesNotExist();
  }

  @Test
  void predictionOfAnotherSizeNamesTheFile() throws Exception {
    LabelPng.writePalette(new PartMask(1, 4, new int[4]), pred.resolve("a.png"));
    assertOneLine(eval(dir.resolve("x.json")), 1, pred.resolve("a.png").toString(), "1×4", "2×2");
  }

  @Test
  void rgbPredictionIsRejectedNamingTheFile() throws Exception {
    ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", pred.resolve("a.png").toFile());
    assertOneLine(eval(dir.resolve("x.json")), 1, "a.png", "8-bit RGB");
  }

  @Test
  void sixteenBitGroundTruthIsRejected() throws Exception {
    ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY), "png", gt.resolve("a.png").toFile());
    assertOneLine(eval(dir.resolve("x.json")), 1, "a.png", "16-bit grayscale");
  }

  @Test
  void fileThatIsNoPngIsRejected() throws Exception {
    Files.writeString(pred.resolve("a.png"), "not an image");
    assertOneLine(eval(dir.resolve("x.json")), 1, "a.png", "not a PNG");
  }

  @Test
  void truncatedPngIsRejected() throws Exception {
    byte[] bytes = Files.readAllBytes(pred.resolve("a.png"));
    Files.write(pred.resolve("a.png"), java.util.Arrays.copyOf(bytes, 40));
    assertOneLine(eval(dir.resolve("x.json")), 1, "a.png", "does not decode");
  }

  @Test
  void missingGroundTruthFolderIsNamed() {
    Run r = run("parsing-eval", "--gt-dir", dir.resolve("nope").toString(), "--pred-dir", pred.toString(),
        "--output", dir.resolve("x.json").toString());
    assertOneLine(r, 1, "nope", "missing folder");
  }

  @Test
  void classCountOutOfRangeIsAUsageError() {
    assertOneLine(eval(dir.resolve("x.json"), "--num-classes", "0"), 2, "--num-classes");
  }
}
