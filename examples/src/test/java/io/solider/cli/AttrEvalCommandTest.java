package io.solider.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.io.Npy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** {@code solider attr-eval}: .npy matrices in, the release's metrics out, one-line reasons for bad input. */
class AttrEvalCommandTest {

  @TempDir static Path dir;
  static Path probs;
  static Path labels;

  record Run(int code, String err) {}

  @BeforeAll
  static void writeInputs() throws Exception {
    probs = dir.resolve("p.npy");
    labels = dir.resolve("l.npy");
    // Image 0: attribute 0 right, attribute 1 false positive. Image 1: nothing true, nothing predicted.
    // Image 2: attribute 0 missed (prob exactly 0.5), attribute 1 right.
    Npy.write(Nd4j.createFromArray(new float[][] {{0.9f, 0.7f}, {0.1f, 0.2f}, {0.5f, 0.8f}}), probs);
    Npy.write(Nd4j.createFromArray(new long[][] {{1, 0}, {0, 0}, {1, 1}}), labels);
  }

  static Run run(String... args) {
    var cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    return new Run(cl.execute(args), err.toString());
  }

  @Test
  void writesTheReleasesMetricsWithItsKeys() throws Exception {
    Path out = dir.resolve("m/metrics.json");
    Run r = run("attr-eval", "--probs", probs.toString(), "--labels", labels.toString(), "--output", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(out.toFile());
    assertThat(m.fieldNames()).toIterable().containsExactly("mA", "instance_acc", "instance_prec", "instance_recall",
        "instance_f1", "mean_label_f1", "mean_label_pos_recall", "mean_label_neg_recall", "label_acc", "label_ma",
        "label_pos_recall", "label_neg_recall", "label_prec", "label_f1", "error_num", "fn_num", "fp_num");
    // Attribute 0: TP 1, FN 1, TN 1 → mA (0.5 + 1)/2; attribute 1: TP 1, FP 1, TN 1 → (1 + 0.5)/2.
    assertThat(m.get("mA").asDouble()).isEqualTo(0.75);
    // Per image: acc 1/2, 0 (empty), 1/2 → 1/3.
    assertThat(m.get("instance_acc").asDouble()).isEqualTo((0.5 + 0 + 0.5) / 3);
    assertThat(m.get("fp_num").get(1).asInt()).isEqualTo(1);
    assertThat(m.get("fn_num").get(0).asInt()).isEqualTo(1);
    try (var files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void thresholdOptionIsStrict() throws Exception {
    Path out = dir.resolve("t.json");
    Run r = run("attr-eval", "--probs", probs.toString(), "--labels", labels.toString(), "--threshold", "0.7",
        "--output", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    // 0.7f is not above float32(0.7): attribute 1 of image 0 is no longer predicted.
    assertThat(new ObjectMapper().readTree(out.toFile()).get("fp_num").get(1).asInt()).isZero();
  }

  @Test
  void otherLabelValuesAreEvaluatedAsTheReleaseOrRejectedWhenStrict() throws Exception {
    Path l2 = dir.resolve("l2.npy");
    Npy.write(Nd4j.createFromArray(new long[][] {{1, 0}, {2, 0}, {1, 1}}), l2);
    Path out = dir.resolve("o.json");
    Run r = run("attr-eval", "--probs", probs.toString(), "--labels", l2.toString(), "--output", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Run strict = run("attr-eval", "--probs", probs.toString(), "--labels", l2.toString(), "--strict-labels",
        "--output", dir.resolve("s.json").toString());
    assertThat(strict.code()).isEqualTo(2);
    assertThat(strict.err()).contains("l2.npy").contains("image 1, attribute 0 is 2.0");
    assertOneLine(strict);
  }

  @Test
  void missingFile() {
    Run r = run("attr-eval", "--probs", dir.resolve("nope.npy").toString(), "--labels", labels.toString(), "--output",
        dir.resolve("x.json").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no such file").contains("nope.npy");
    assertOneLine(r);
  }

  @Test
  void malformedNpy() throws Exception {
    Path bad = dir.resolve("bad.npy");
    Files.writeString(bad, "this is not numpy");
    Run r = run("attr-eval", "--probs", bad.toString(), "--labels", labels.toString(), "--output",
        dir.resolve("x.json").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("bad.npy").contains("not an .npy file");
    assertOneLine(r);
    Path truncated = dir.resolve("trunc.npy");
    byte[] full = Files.readAllBytes(probs);
    Files.write(truncated, java.util.Arrays.copyOf(full, full.length - 4));
    Run t = run("attr-eval", "--probs", truncated.toString(), "--labels", labels.toString(), "--output",
        dir.resolve("x.json").toString());
    assertThat(t.code()).isEqualTo(1);
    assertThat(t.err()).contains("trunc.npy").contains("truncated");
    assertOneLine(t);
  }

  @Test
  void shapesMustMatchAndBeTwoDimensional() throws Exception {
    Path three = dir.resolve("three.npy");
    Npy.write(Nd4j.createFromArray(new long[][] {{1, 0, 1}, {0, 0, 1}, {1, 1, 0}}), three);
    Run r = run("attr-eval", "--probs", probs.toString(), "--labels", three.toString(), "--output",
        dir.resolve("x.json").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("[3, 2]").contains("[3, 3]");
    assertOneLine(r);
    Path flat = dir.resolve("flat.npy");
    Npy.write(Nd4j.createFromArray(0.1f, 0.2f), flat);
    Run f = run("attr-eval", "--probs", flat.toString(), "--labels", labels.toString(), "--output",
        dir.resolve("x.json").toString());
    assertThat(f.code()).isEqualTo(2);
    assertThat(f.err()).contains("flat.npy").contains("2-D");
    Path empty = dir.resolve("empty.npy");
    String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 2), }";
    header += " ".repeat(63 - (10 + header.length()) % 64) + "\n";
    byte[] h = header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] npy = new byte[10 + h.length];
    System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length, 0}, 0, npy, 0, 10);
    System.arraycopy(h, 0, npy, 10, h.length);
    Files.write(empty, npy);
    Run e = run("attr-eval", "--probs", empty.toString(), "--labels", labels.toString(), "--output",
        dir.resolve("x.json").toString());
    assertThat(e.code()).isEqualTo(2);
    assertThat(e.err()).contains("non-empty");
  }

  @Test
  void nonFiniteOrOutOfRangeNumbers() throws Exception {
    Path nan = dir.resolve("nan.npy");
    Npy.write(Nd4j.createFromArray(new float[][] {{0.9f, 0.7f}, {Float.NaN, 0.2f}, {0.5f, 0.8f}}), nan);
    Run r = run("attr-eval", "--probs", nan.toString(), "--labels", labels.toString(), "--output",
        dir.resolve("x.json").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("nan.npy").contains("image 1, attribute 0 is NaN");
    assertOneLine(r);
    Path logits = dir.resolve("logits.npy");
    Npy.write(Nd4j.createFromArray(new double[][] {{2.5, -1}, {0.1, 0.2}, {0.5, 0.8}}), logits);
    Run l = run("attr-eval", "--probs", logits.toString(), "--labels", labels.toString(), "--output",
        dir.resolve("x.json").toString());
    assertThat(l.code()).isEqualTo(2);
    assertThat(l.err()).contains("2.5").contains("not logits");
    Path infLabels = dir.resolve("inf.npy");
    Npy.write(Nd4j.createFromArray(new double[][] {{1, 0}, {0, Double.POSITIVE_INFINITY}, {1, 1}}), infLabels);
    Run i = run("attr-eval", "--probs", probs.toString(), "--labels", infLabels.toString(), "--output",
        dir.resolve("x.json").toString());
    assertThat(i.code()).isEqualTo(2);
    assertThat(i.err()).contains("inf.npy").contains("Infinity");
  }

  @Test
  void probabilitiesMustBeFloatingPointAndThresholdInRange() throws Exception {
    Run r = run("attr-eval", "--probs", labels.toString(), "--labels", labels.toString(), "--output",
        dir.resolve("x.json").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("float32 or float64").contains("long");
    Run t = run("attr-eval", "--probs", probs.toString(), "--labels", labels.toString(), "--threshold", "1.5",
        "--output", dir.resolve("x.json").toString());
    assertThat(t.code()).isEqualTo(2);
    assertThat(t.err()).contains("threshold must be in [0, 1]");
    assertThat(dir.resolve("x.json")).doesNotExist();
  }

  private static void assertOneLine(Run r) {
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).doesNotContain("\tat ");
  }
}
