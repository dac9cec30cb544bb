package io.solider.spark.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.nn.extract.InferenceEngine;
import io.solider.spark.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorBackbonesTest {

  /**
   * A checkpoint shipped with the job (spark-submit --files, here SparkContext.addFile) is found by
   * its file name when the driver's path does not exist on the executor.
   */
  @Test
  void aCheckpointShippedWithTheJobIsFoundByItsFileName(@TempDir Path dir) throws Exception {
    Path shipped = Files.move(ExtractJobTestSupport.checkpoint(dir), dir.resolve("shipped-tiny.pth"));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(LocalSpark.get().sparkContext());
    jsc.addFile(shipped.toString());
    String elsewhere = dir.resolve("not-on-this-executor").resolve("shipped-tiny.pth").toString();
    long before = ExecutorBackbones.loads();
    List<Boolean> ran = jsc.parallelize(List.of(1), 1).map(i -> {
      try (ExecutorBackbones.Lease lease = ExecutorBackbones.lease(elsewhere, InferenceEngine.SAMEDIFF, 64, 32)) {
        return lease.runner() != null;
      }
    }).collect();
    assertThat(ran).containsExactly(true);
    assertThat(ExecutorBackbones.loads() - before).isEqualTo(1);
  }
}
