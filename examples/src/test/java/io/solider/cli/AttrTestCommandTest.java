package io.solider.cli;

import static io.solider.cli.AttrTrainCommandTest.assertOneLine;
import static io.solider.cli.AttrTrainCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.nn.io.Npy;
import io.solider.tasks.attribute.data.Pa100kAttributes;
import io.solider.tasks.attribute.head.AttributeHead;
import io.solider.tasks.attribute.train.AttributeModel;
import io.solider.tasks.attribute.train.AttributeNames;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * attr-test and attr-predict on the tiny synthetic PA-100K set with a random tiny attribute model
 * (Swin C=8 at 64×32, 26 outputs): the λ sweep's files and their agreement with attr-eval, the
 * prediction CSV, and the bad inputs.
 */
class AttrTestCommandTest {

  @TempDir static Path dir;
  static Path pa100k;
  static Path model;
  static AttributeModel attributeModel;

  @BeforeAll
  static void dataAndModel() throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(4)).generate(dir.resolve("synth"));
    pa100k = dir.resolve("synth/pa100k");
    SwinConfig arch = SwinConfig.of(8, List.of(1, 1, 1, 1), List.of(1, 1, 2, 2)).withWindowSize(4);
    attributeModel = new AttributeModel(Backbone.initialized(arch, 3), AttributeHead.initialized(64, 26, 4));
    model = Files.createDirectories(dir.resolve("run")).resolve("model.pth");
    attributeModel.writeStateDict(model);
  }

  @Test
  void sweepWritesTheBestLambdaOnTopEveryLambdaAndThePictures() throws Exception {
    Path out = dir.resolve("test");
    var r = run("attr-test", "--checkpoint", model.toString(), "--data", pa100k.toString(), "--size", "64x32",
        "--semantic-weight", "0,0.5,1", "--output", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    List<String> keys = new ArrayList<>();
    m.fieldNames().forEachRemaining(keys::add);
    assertThat(keys.subList(0, 18)).containsExactly("semantic_weight", "mA", "instance_acc", "instance_prec",
        "instance_recall", "instance_f1", "mean_label_f1", "mean_label_pos_recall", "mean_label_neg_recall",
        "label_acc", "label_ma", "label_pos_recall", "label_neg_recall", "label_prec", "label_f1", "error_num",
        "fn_num", "fp_num");
    JsonNode all = m.get("by_semantic_weight");
    assertThat(all).hasSize(3);
    double best = -1;
    for (JsonNode e : all) {
      best = Math.max(best, e.get("mA").asDouble());
    }
    assertThat(m.get("mA").asDouble()).isEqualTo(best);
    assertThat(m.get("attributes").get(0).asText()).isEqualTo("Hat"); // the release's order
    assertThat(m.get("num_images").asInt()).isEqualTo(3);
    for (String png : List.of("label_ma.png", "lambda.png")) {
      BufferedImage img = ImageIO.read(out.resolve(png).toFile());
      assertThat(img.getWidth()).as(png).isEqualTo(800);
    }
    // attr-eval of the best λ's probabilities reproduces the top of metrics.json exactly
    Path eval = dir.resolve("eval.json");
    var e = run("attr-eval", "--probs", out.resolve("probs.npy").toString(), "--labels",
        out.resolve("labels.npy").toString(), "--output", eval.toString());
    assertThat(e.code()).as(e.err()).isZero();
    JsonNode ev = new ObjectMapper().readTree(eval.toFile());
    ev.fieldNames().forEachRemaining(k -> assertThat(ev.get(k)).as(k).isEqualTo(m.get(k)));
  }

  @Test
  void predictWritesOneProbabilityColumnPerAttributeAndAPicture() throws Exception {
    Path out = dir.resolve("predict");
    var r = run("attr-predict", "--checkpoint", model.toString(), "--input", pa100k.resolve("data").toString(),
        "--size", "64x32", "--threshold", "0.3", "--output", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> csv = Files.readAllLines(out.resolve("predictions.csv"));
    // no attributes.txt beside the model: a 26-output model is named in the release's PA-100K order
    assertThat(csv.get(0)).isEqualTo("file," + String.join(",", Pa100kAttributes.releaseOrderNames()));
    assertThat(csv).hasSize(1 + 30);
    INDArray probs = Npy.read(out.resolve("probs.npy"));
    assertThat(probs.shape()).containsExactly(30, 26);
    String[] row = csv.get(2).split(",");
    assertThat(row[0]).isEqualTo("000002.jpg");
    assertThat(Double.parseDouble(row[5])).isCloseTo(probs.getDouble(1, 4), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(ImageIO.read(out.resolve("predictions.png").toFile()).getWidth()).isGreaterThan(500);

    List<String> names = new ArrayList<>();
    for (int i = 0; i < 26; i++) {
      names.add("a" + i);
    }
    AttributeNames.write(names, model.getParent());
    try {
      var named = run("attr-predict", "--checkpoint", model.toString(), "--input", pa100k.resolve("data").toString(),
          "--size", "64x32", "--picture-images", "0", "--output", dir.resolve("named").toString());
      assertThat(named.code()).as(named.err()).isZero();
      assertThat(Files.readAllLines(dir.resolve("named/predictions.csv")).get(0)).startsWith("file,a0,a1,");
      assertThat(dir.resolve("named/predictions.png")).doesNotExist();
    } finally {
      Files.delete(model.getParent().resolve(AttributeNames.FILE));
    }
  }

  @Test
  void predictWithOnnxRuntimeGivesTheSameProbabilities() throws Exception {
    Path ref = dir.resolve("predict-samediff");
    Path ort = dir.resolve("predict-ort");
    for (Path out : List.of(ref, ort)) {
      var r = run("attr-predict", "--checkpoint", model.toString(), "--input", pa100k.resolve("data").toString(),
          "--size", "64x32", "--picture-images", "0", "--engine", out == ort ? "onnxruntime" : "samediff",
          "--output", out.toString());
      assertThat(r.code()).as(r.err()).isZero();
    }
    INDArray expected = Npy.read(ref.resolve("probs.npy"));
    // the engines differ in float32 rounding only; the bound is ExtractCommandTest's for the pooled features
    assertThat(Npy.read(ort.resolve("probs.npy")).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-5);
  }

  @Test
  void badInputsAreOneLineErrors() throws Exception {
    String m = model.toString();
    String data = pa100k.toString();
    String o = dir.resolve("bad").toString();
    assertOneLine(run("attr-test", "--checkpoint", dir.resolve("none.pth").toString(), "--data", data, "--output", o),
        1, "no such file");
    // another task's model: a re-id model (base.* backbone, classifier.weight)
    Map<String, Object> reid = new LinkedHashMap<>();
    attributeModel.backbone().parameters().forEach((k, v) -> reid.put("base." + k, v));
    reid.put("classifier.weight", attributeModel.head().stateDict().get(AttributeHead.WEIGHT));
    Path reidFile = dir.resolve("reid.pth");
    TorchCheckpointWriter.write(reid, reidFile);
    assertOneLine(run("attr-test", "--checkpoint", reidFile.toString(), "--data", data, "--output", o), 2,
        "not an attribute model checkpoint");
    assertOneLine(run("attr-predict", "--checkpoint", reidFile.toString(), "--input", data, "--output", o), 2,
        "not an attribute model checkpoint");
    // a model of 7 attributes against PA-100K's 26
    Path seven = dir.resolve("seven.pth");
    new AttributeModel(attributeModel.backbone(), AttributeHead.initialized(64, 7, 1)).writeStateDict(seven);
    assertOneLine(run("attr-test", "--checkpoint", seven.toString(), "--data", data, "--size", "64x32", "--output", o),
        2, "has 7 attribute outputs");
    assertOneLine(run("attr-test", "--checkpoint", m, "--data", data, "--size", "16x8", "--output", o), 2,
        "smaller than the backbone's stride 32");
    assertOneLine(run("attr-test", "--checkpoint", m, "--data", data, "--semantic-weight", "0.5,2", "--output", o), 2,
        "must be in [0, 1]");
    assertOneLine(run("attr-test", "--checkpoint", m, "--data", dir.toString(), "--output", o), 1,
        "neither annotation.mat");
    Path noTest = Files.createDirectories(dir.resolve("notest"));
    List<String> lines = Files.readAllLines(pa100k.resolve("train.csv"));
    Files.write(noTest.resolve("train.csv"), lines);
    Files.write(noTest.resolve("test.csv"), lines.subList(0, 1));
    assertOneLine(run("attr-test", "--checkpoint", m, "--data", noTest.toString(), "--output", o), 2,
        "the test split has no images");
    Path empty = Files.createDirectories(dir.resolve("noimages"));
    assertOneLine(run("attr-predict", "--checkpoint", m, "--input", empty.toString(), "--output", o), 2,
        "no images");
    assertOneLine(run("attr-predict", "--checkpoint", m, "--input", data, "--attributes", "a,b", "--output", o), 2,
        "2 attribute names for a model with 26 outputs");
  }
}
