package io.solider.tasks.reid.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedIndexTest {

  static final EmbeddingModel MODEL = new EmbeddingModel("/models/reid.pth", "ab12", "Swin C=8", 8, 0.2, 64, 32, "reid");

  static float[][] vectors(int n, long seed) {
    Random r = new Random(seed);
    float[][] v = new float[n][8];
    for (float[] row : v) {
      for (int k = 0; k < row.length; k++) {
        row[k] = (float) r.nextGaussian();
      }
    }
    return v;
  }

  static IndexMetadata write(Path dir, EmbeddingModel model, float[][] v, int from, int to) throws Exception {
    try (ReidIndexWriter w = ReidIndexWriter.create(dir, model, HnswSettings.defaults())) {
      for (int i = from; i < to; i++) {
        w.add(new GalleryItem(v[i], i % 5, i % 3, "img" + i + ".jpg"));
      }
      return w.commit();
    }
  }

  /** Two shards (rows 0..29, 30..49) of the vectors, and the manifest. */
  static ShardedIndex shard(Path dir, float[][] v, EmbeddingModel second) throws Exception {
    write(dir.resolve("a"), MODEL, v, 0, 30);
    write(dir.resolve("b"), second, v, 30, 50);
    ShardedIndex m = new ShardedIndex(new IndexMetadata(MODEL, HnswSettings.defaults(), 50, "now"),
        List.of(new ShardedIndex.Shard("a", 30, 0), new ShardedIndex.Shard("b", 20, 30)));
    Files.writeString(dir.resolve(ShardedIndex.MANIFEST), m.toJson());
    return m;
  }

  @Test
  void mergedTopKEqualsOneIndexOfTheSameVectorsWithWholeGalleryRows(@TempDir Path dir) throws Exception {
    float[][] v = vectors(50, 1);
    write(dir.resolve("single"), MODEL, v, 0, 50);
    ShardedIndex m = shard(dir.resolve("sharded"), v, MODEL);
    assertThat(ShardedIndex.read(dir.resolve("sharded")).toJson()).isEqualTo(m.toJson());
    try (GallerySearcher one = GallerySearcher.open(dir.resolve("single"));
        GallerySearcher many = GallerySearcher.open(dir.resolve("sharded"))) {
      assertThat(one).isInstanceOf(ReidIndexSearcher.class);
      assertThat(many.size()).isEqualTo(50);
      for (float[] q : vectors(20, 2)) {
        List<SearchHit> a = one.search(q, 10, 100);
        List<SearchHit> b = many.search(q, 10, 100);
        assertThat(b).extracting(SearchHit::row).containsExactlyElementsOf(a.stream().map(SearchHit::row).toList());
        assertThat(b).extracting(SearchHit::file).containsExactlyElementsOf(a.stream().map(SearchHit::file).toList());
        assertThat(b).extracting(SearchHit::rank).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
      }
    }
  }

  @Test
  void aShardOfAnotherModelOrABadManifestIsRefused(@TempDir Path dir) throws Exception {
    float[][] v = vectors(50, 1);
    EmbeddingModel other = new EmbeddingModel("/models/other.pth", "cd34", "Swin C=8", 8, 0.2, 64, 32, "reid");
    shard(dir.resolve("mixed"), v, other);
    assertThatThrownBy(() -> GallerySearcher.open(dir.resolve("mixed")))
        .isInstanceOf(ReidIndexException.class).hasMessageContaining("shard b was built with another model");

    Path bad = dir.resolve("bad");
    Files.createDirectories(bad);
    Files.writeString(bad.resolve(ShardedIndex.MANIFEST), "{not json", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ShardedIndex.read(bad)).isInstanceOf(ReidIndexException.class).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> new ShardedIndex.Shard("../x", 3, 0)).hasMessageContaining("relative path inside");
    assertThatThrownBy(() -> new ShardedIndex(new IndexMetadata(MODEL, HnswSettings.defaults(), 5, "now"),
        List.of(new ShardedIndex.Shard("a", 3, 0), new ShardedIndex.Shard("b", 2, 4))))
        .hasMessageContaining("starts at row 4, expected 3");
  }
}
