package io.solider.spark.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.extract.ExtractionConfig;
import io.solider.nn.extract.FeatureExtractor;
import io.solider.nn.extract.SemanticWeightSpec;
import io.solider.nn.image.ImageNormalization;
import io.solider.spark.LocalSpark;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractComparisonTest {

  @TempDir static Path dir;
  static Path sparkOut;
  static Path reference;

  /** A Spark extraction (3 partitions, one corrupt image) and solider extract's of the same images. */
  @BeforeAll
  static void extract() throws Exception {
    sparkOut = ExtractJobTestSupport.extract(dir);
    reference = dir.resolve("single");
    ExtractionConfig cfg = ExtractionConfig.defaults().withBatchSize(16).withSize(64, 32).withStages(false)
        .withNormalization(ImageNormalization.imagenet());
    new FeatureExtractor(Backbone.fromCheckpoint(dir.resolve("tiny.pth")), cfg)
        .extractFolder(dir.resolve("synth/market1501/bounding_box_test"), SemanticWeightSpec.parse("0.2"), reference);
  }

  @Test
  void theSameImagesAgree() throws Exception {
    ExtractComparison.Result r = ExtractComparison.compare(LocalSpark.get(), sparkOut, reference, 1e-5);
    assertThat(r.problems()).isEmpty();
    assertThat(r.rows()).isEqualTo(r.distinctRows()).isEqualTo(r.referenceRows()).isPositive();
    // batches of 4 against 16: measured max |Δ| 0 to 1e-7
    assertThat(r.maxAbsDiff()).isLessThan(1e-5);
    assertThat(r.summary()).endsWith(": equal");
  }

  @Test
  void aDuplicatedOrMissingRowOrAChangedValueIsReported() throws Exception {
    SparkSession spark = LocalSpark.get();
    Dataset<Row> df = Embeddings.open(spark, sparkOut);

    Path duplicated = dir.resolve("duplicated");
    df.union(df.filter(functions.col(EmbeddingSchema.ROW).equalTo(5))).write().parquet(duplicated.toString());
    ExtractComparison.Result dup = ExtractComparison.compare(spark, duplicated, reference, 1e-5);
    assertThat(dup.agrees()).isFalse();
    assertThat(dup.problems()).anyMatch(p -> p.equals("1 duplicate rows"));

    Path missing = dir.resolve("missing");
    df.filter(functions.col(EmbeddingSchema.ROW).notEqual(7)).write().parquet(missing.toString());
    ExtractComparison.Result miss = ExtractComparison.compare(spark, missing, reference, 1e-5);
    assertThat(miss.problems()).anyMatch(p -> p.contains("embeddings, the reference has"));

    // everything present once, but a tolerance below the measured |Δ| of one component changed by 0.01
    Path changed = dir.resolve("changed");
    df.withColumn(EmbeddingSchema.EMBEDDING, functions.when(functions.col(EmbeddingSchema.ROW).equalTo(2),
        functions.transform(functions.col(EmbeddingSchema.EMBEDDING), x -> x.plus(0.01f)))
        .otherwise(functions.col(EmbeddingSchema.EMBEDDING))).write().parquet(changed.toString());
    ExtractComparison.Result ch = ExtractComparison.compare(spark, changed, reference, 1e-5);
    assertThat(ch.problems()).singleElement().asString().startsWith("max |Δ| ");
    assertThat(ch.maxAbsDiff()).isBetween(0.0099, 0.0101);
  }

  @Test
  void aFolderThatIsNotSoliderExtractsIsAnError() {
    assertThatThrownBy(() -> ExtractComparison.compare(LocalSpark.get(), sparkOut, dir.resolve("nowhere"), 1e-5))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("not a solider extract output");
  }
}
