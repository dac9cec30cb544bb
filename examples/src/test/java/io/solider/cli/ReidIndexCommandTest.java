package io.solider.cli;

import static io.solider.cli.ReidFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.cli.ReidFixtures.Run;
import io.solider.nn.backbone.SwinConfig;
import io.solider.tasks.reid.index.ReidIndexSearcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code solider reid-index} and {@code reid-search} end to end, and their one-line errors. */
class ReidIndexCommandTest {

  @TempDir static Path dir;
  static Path market;
  static Path checkpoint;
  static Path index;
  static Path galleryImage;

  @BeforeAll
  static void buildIndex() throws Exception {
    market = ReidFixtures.market(dir.resolve("synth"));
    checkpoint = dir.resolve("reid.pth");
    ReidFixtures.writeReidCheckpoint(ReidFixtures.TINY, 5, checkpoint, true);
    index = dir.resolve("index");
    Run r = run("reid-index", "--checkpoint", checkpoint.toString(), "--gallery", market.toString(), "--index",
        index.toString(), "--semantic-weight", "0.3", "--size", "64x32", "--batch-size", "64");
    assertThat(r.code()).as(r.err()).isZero();
    try (var s = Files.list(market.resolve("bounding_box_test"))) {
      galleryImage = s.filter(p -> p.getFileName().toString().startsWith("0005_")).sorted().findFirst().orElseThrow();
    }
  }

  @Test
  void theIndexHoldsTheGalleryAndTheModelThatMadeIt() throws Exception {
    try (ReidIndexSearcher s = ReidIndexSearcher.open(index)) {
      assertThat(s.size()).isEqualTo(io.solider.tasks.reid.data.Market1501.read(market).gallery().size());
      var model = s.metadata().model();
      assertThat(model.dimension()).isEqualTo(ReidFixtures.TINY.pooledDim());
      assertThat(model.semanticWeight()).isEqualTo(0.3);
      assertThat(model.imageHeight()).isEqualTo(64);
      assertThat(model.imageWidth()).isEqualTo(32);
      assertThat(model.checkpoint()).isEqualTo(checkpoint.toAbsolutePath().toString());
      assertThat(model.checkpointSha256()).isEqualTo(ReidBackbones.sha256(checkpoint)).hasSize(64);
    }
  }

  @Test
  void aGalleryImageFindsItselfFirst() throws Exception {
    Run r = run("reid-search", "--index", index.toString(), "--query", galleryImage.toString(), "--top", "5");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().strip().lines().toList();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0).split("\\s+")).containsExactly("rank", "score", "pid", "camid", "file");
    String[] first = lines.get(1).strip().split("\\s+");
    assertThat(first[0]).isEqualTo("1");
    assertThat(Double.parseDouble(first[1])).isCloseTo(1.0, within(1e-4));
    assertThat(first[2]).isEqualTo("5");
    assertThat(first[4]).isEqualTo("bounding_box_test/" + galleryImage.getFileName());

    Run j = run("reid-search", "--index", index.toString(), "--query", galleryImage.toString(), "--top", "3", "--json");
    assertThat(j.code()).as(j.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(j.out());
    assertThat(json.get("results")).hasSize(3);
    assertThat(json.get("results").get(0).get("pid").asInt()).isEqualTo(5);
    assertThat(json.get("results").get(0).get("score").asDouble()).isCloseTo(1.0, within(1e-4));
    assertThat(json.get("results").get(1).get("rank").asInt()).isEqualTo(2);
    assertThat(json.get("semantic_weight").asDouble()).isEqualTo(0.3);
  }

  @Test
  void searchRefusesAnotherModelAndMissingInputs() throws Exception {
    Path other = dir.resolve("other.pth");
    ReidFixtures.writeReidCheckpoint(ReidFixtures.TINY, 6, other, true);
    Run r = run("reid-search", "--index", index.toString(), "--query", galleryImage.toString(), "--checkpoint", other.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("reid-search: error: " + other + " is not the checkpoint the index was built with")
        .endsWith("pass --allow-other-checkpoint to search anyway").doesNotContain("\n");

    Path wide = dir.resolve("wide.pth");
    ReidFixtures.writeReidCheckpoint(SwinConfig.of(16, List.of(1, 1, 1, 1), List.of(1, 2, 2, 4)), 6, wide, true);
    Run w = run("reid-search", "--index", index.toString(), "--query", galleryImage.toString(), "--checkpoint",
        wide.toString(), "--allow-other-checkpoint");
    assertThat(w.code()).isEqualTo(2);
    assertThat(w.err().strip()).isEqualTo("reid-search: error: " + wide + " gives 128-d features but the index " + index
        + " holds 64-d features (" + io.solider.nn.backbone.Backbone.describe(ReidFixtures.TINY) + ")");

    Run noIndex = run("reid-search", "--index", dir.resolve("none").toString(), "--query", galleryImage.toString());
    assertThat(noIndex.code()).isEqualTo(1);
    assertThat(noIndex.err().strip()).isEqualTo("reid-search: error: " + dir.resolve("none") + ": no re-id index here (folder does not exist)");

    Run noQuery = run("reid-search", "--index", index.toString(), "--query", dir.resolve("q.jpg").toString());
    assertThat(noQuery.err().strip()).startsWith("reid-search: error: no such file: " + dir.resolve("q.jpg"));

    Files.createDirectories(dir.resolve("taken"));
    Files.writeString(dir.resolve("taken/notes.txt"), "x");
    Run taken = run("reid-index", "--checkpoint", checkpoint.toString(), "--gallery", market.toString(), "--index",
        dir.resolve("taken").toString(), "--size", "64x32");
    assertThat(taken.code()).isEqualTo(1);
    assertThat(taken.err().strip()).isEqualTo("reid-index: error: " + dir.resolve("taken")
        + ": folder is not empty and holds no index; refusing to write an index into it");

    Run lambda = run("reid-index", "--checkpoint", checkpoint.toString(), "--gallery", market.toString(), "--index",
        dir.resolve("i2").toString(), "--semantic-weight", "-0.1");
    assertThat(lambda.code()).isEqualTo(2);
    assertThat(lambda.err().strip()).isEqualTo("reid-index: error: --semantic-weight must be in [0, 1], got -0.1");
  }

  @Test
  void aDecompressionBombQueryAndZeroCandidatesAreRefusedWithOneLine() throws Exception {
    Path bomb = Files.write(dir.resolve("bomb.png"), HostileInputTest.bombPng(20_000, 20_000));
    Run r = run("reid-search", "--index", index.toString(), "--query", bomb.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("reid-search: error: " + bomb).contains("20000x20000")
        .contains("decompression bomb").doesNotContain("\n");

    Run zero = run("reid-search", "--index", index.toString(), "--query", galleryImage.toString(), "--candidates", "0");
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err().strip()).isEqualTo("reid-search: error: --candidates must be >= 1, got 0");
  }

  @Test
  void oneFlippedByteInTheIndexIsFoundByItsChecksum() throws Exception {
    Path copy = Files.createDirectories(dir.resolve("flipped"));
    Path largest = null;
    try (var files = Files.list(index)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
        if (largest == null || Files.size(f) > Files.size(largest)) {
          largest = f;
        }
      }
    }
    Path victim = copy.resolve(largest.getFileName());
    byte[] b = Files.readAllBytes(victim);
    b[b.length / 2] ^= 0x10; // the middle of the largest file: neither header nor footer, only the checksum sees it
    Files.write(victim, b);
    Run r = run("reid-search", "--index", copy.toString(), "--query", galleryImage.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("reid-search: error: " + copy + ": index is corrupt (")
        .endsWith("rebuild it with reid-index").doesNotContain("\n");
  }
}
