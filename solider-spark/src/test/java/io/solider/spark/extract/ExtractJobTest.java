package io.solider.spark.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.extract.ExtractionConfig;
import io.solider.nn.extract.FeatureExtractor;
import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.extract.SemanticWeightSpec;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.io.Npy;
import io.solider.spark.LocalSpark;
import io.solider.tasks.reid.data.Market1501;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class ExtractJobTest {

  @TempDir static Path dir;
  static Path images;
  static Path checkpoint;
  static Path output;
  static ExtractSummary summary;
  static long loadsBefore;

  /**
   * The synthetic Market-1501 gallery plus one corrupt image, a tiny backbone checkpoint, and one
   * extraction in 3 partitions (so both local[2] cores run tasks).
   */
  @BeforeAll
  static void extract() throws Exception {
    images = ExtractJobTestSupport.images(dir);
    checkpoint = ExtractJobTestSupport.checkpoint(dir);
    output = dir.resolve("out");
    loadsBefore = ExecutorBackbones.loads();
    summary = new ExtractJob(LocalSpark.get(), config(3)).run(images, output, false);
  }

  static ExtractJobConfig config(int partitions) {
    return ExtractJobTestSupport.config(checkpoint, partitions);
  }

  @Test
  void embeddingsEqualSoliderExtractsAndCarryNamesIdentitiesAndCameras() throws Exception {
    Path ref = dir.resolve("single");
    ExtractionConfig cfg = ExtractionConfig.defaults().withBatchSize(16).withSize(64, 32).withStages(false)
        .withNormalization(ImageNormalization.imagenet());
    new FeatureExtractor(Backbone.fromCheckpoint(checkpoint), cfg).extractFolder(images, SemanticWeightSpec.parse("0.2"), ref);
    INDArray pooled = Npy.read(ref.resolve("pooled.npy"));
    List<String> names = Files.readAllLines(ref.resolve(FeatureExtractor.INDEX_FILE)).stream().skip(1)
        .map(l -> l.substring(l.indexOf(',') + 1)).toList();

    Embeddings got = Embeddings.collect(LocalSpark.get(), output);
    assertThat(got.files()).containsExactlyElementsOf(names);
    double maxDiff = 0;
    for (int i = 0; i < got.size(); i++) {
      float[] want = pooled.getRow(i).toFloatVector();
      assertThat(got.features()[i]).hasSize(want.length);
      for (int k = 0; k < want.length; k++) {
        maxDiff = Math.max(maxDiff, Math.abs(got.features()[i][k] - want[k]));
      }
      Matcher m = Market1501.NAME.matcher(Path.of(got.files()[i]).getFileName().toString());
      assertThat(m.matches()).isTrue();
      assertThat(got.pids()[i]).isEqualTo(Integer.parseInt(m.group(1)));
      assertThat(got.camids()[i]).isEqualTo(Integer.parseInt(m.group(2)) - 1);
    }
    // Batches of 4 on the executors vs 16 in one process: the same graph on other batch sizes.
    // Measured max |Δ| 0 to 1e-7 (float32 rounding of a batched matmul); allowed 1e-5.
    assertThat(maxDiff).isLessThan(1e-5);
  }

  @Test
  void corruptImagesAreCountedAndListedAndTheCheckpointLoadsOncePerExecutor() throws Exception {
    assertThat(summary.failures()).singleElement().asString().startsWith(ExtractJobTestSupport.CORRUPT + ": ");
    long files;
    try (Stream<Path> s = Files.list(images)) {
      files = s.count();
    }
    assertThat(summary.images()).isEqualTo(files - 1);
    assertThat(Files.readString(output.resolve(ExtractJob.SUMMARY))).contains("\"failed\" : 1", ExtractJobTestSupport.CORRUPT);
    // local mode is one executor: three tasks on two cores, one checkpoint load
    assertThat(ExecutorBackbones.loads() - loadsBefore).isEqualTo(1);
    long parts;
    try (Stream<Path> s = Files.list(output.resolve(ExtractJob.EMBEDDINGS))) {
      parts = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
    }
    assertThat(parts).isEqualTo(3);
  }

  /** (row, file, pid, camid) of every Parquet row, in row order. */
  static List<String> listing(Path extraction) {
    return LocalSpark.get().read().parquet(extraction.resolve(ExtractJob.EMBEDDINGS).toString())
        .orderBy(EmbeddingSchema.ROW).collectAsList().stream()
        .map(r -> r.getLong(0) + " " + r.getString(1) + " " + r.getInt(2) + " " + r.getInt(3)).toList();
  }

  @Test
  void binaryFileInputGivesTheFolderInputsEmbeddingsRowsAndNames() throws Exception {
    Path out = dir.resolve("binary");
    // partitions 0: the source's own splits (not the folder run's three contiguous ranges)
    ExtractSummary s = new ExtractJob(LocalSpark.get(), config(0))
        .run(new ExtractInput.BinaryFiles(images.toString(), ExtractInput.BinaryFiles.DEFAULT_MAX_BYTES), out, false);
    assertThat(s.failures()).singleElement().asString().startsWith(ExtractJobTestSupport.CORRUPT + ": cannot decode image");
    assertThat(s.images()).isEqualTo(summary.images());
    assertThat(listing(out)).isEqualTo(listing(output)); // rows, names, identities, cameras
    Embeddings folder = Embeddings.collect(LocalSpark.get(), output);
    Embeddings binary = Embeddings.collect(LocalSpark.get(), out);
    double maxDiff = 0;
    for (int i = 0; i < folder.size(); i++) {
      for (int k = 0; k < folder.features()[i].length; k++) {
        maxDiff = Math.max(maxDiff, Math.abs(folder.features()[i][k] - binary.features()[i][k]));
      }
    }
    // the same images in batches of other composition; measured max |Δ| 0 to 1e-7, allowed 1e-5
    assertThat(maxDiff).isLessThan(1e-5);
  }

  @Test
  void binaryFileGlobsKeepTheByteLimitAndFailClearly() throws Exception {
    Path some = Files.createDirectories(dir.resolve("some/sub"));
    Path first;
    try (Stream<Path> s = Files.list(images)) {
      first = s.filter(p -> p.toString().endsWith(".jpg") && !p.endsWith(ExtractJobTestSupport.CORRUPT)).sorted()
          .findFirst().orElseThrow();
    }
    byte[] jpeg = Files.readAllBytes(first);
    Files.write(some.resolve("0007_c2s1_000100_00.jpg"), jpeg);
    byte[] padded = java.util.Arrays.copyOf(jpeg, jpeg.length + 4096); // still a JPEG, but larger
    Files.write(some.resolve("0008_c3s1_000200_00.JPG"), padded);
    Files.writeString(some.resolve("notes.txt"), "not an image, not listed");
    Path out = dir.resolve("glob");
    ExtractSummary s = new ExtractJob(LocalSpark.get(), config(2))
        .run(new ExtractInput.BinaryFiles(dir.resolve("some") + "/s*", jpeg.length), out, false);
    assertThat(s.images()).isEqualTo(1);
    assertThat(s.failures()).containsExactly(
        "sub/0008_c3s1_000200_00.JPG: " + padded.length + " bytes, more than the limit of " + jpeg.length + " bytes");
    assertThat(listing(out)).containsExactly("0 sub/0007_c2s1_000100_00.jpg 7 1");

    SparkSession spark = LocalSpark.get();
    assertThatThrownBy(() -> new ExtractJob(spark, config(2))
        .run(new ExtractInput.BinaryFiles(images + "/*.png", 1000), dir.resolve("o4"), false))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining(images + "/*.png").hasMessageContaining("no file matches");
    assertThatThrownBy(() -> new ExtractJob(spark, config(2))
        .run(new ExtractInput.BinaryFiles(some + "/*.txt", 1000), dir.resolve("o5"), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no images found");
    assertThatThrownBy(() -> new ExtractJob(spark, config(2))
        .run(new ExtractInput.BinaryFiles(dir.resolve("nowhere").toString(), 1000), dir.resolve("o6"), false))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("input does not exist");
  }

  @Test
  void badInputIsOneClearErrorFromTheDriver() throws Exception {
    SparkSession spark = LocalSpark.get();
    assertThatThrownBy(() -> new ExtractJob(spark, config(2)).run(images, output, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already holds a complete extraction");
    assertThatThrownBy(() -> new ExtractJob(spark, config(2)).run(dir.resolve("nowhere"), dir.resolve("o2"), false))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nowhere");
    ExtractJobConfig missing = new ExtractJobConfig(dir.resolve("none.pth").toString(), 0.2, 64, 32, "imagenet", 4, 2,
        InferenceEngine.SAMEDIFF);
    assertThatThrownBy(() -> new ExtractJob(spark, missing).run(images, dir.resolve("o3"), false))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("checkpoint does not exist");
    Path other = dir.resolve("other.parquet");
    spark.range(3).toDF("id").write().parquet(other.toString());
    assertThatThrownBy(() -> Embeddings.collect(spark, other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not embeddings written by solider spark extract").hasMessageContaining("no column 'embedding'");
  }
}
