package io.solider.spark.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.spark.LocalSpark;
import io.solider.spark.extract.Embeddings;
import io.solider.spark.extract.ExtractJob;
import io.solider.spark.extract.ExtractJobTestSupport;
import io.solider.tasks.reid.index.GalleryItem;
import io.solider.tasks.reid.index.GallerySearcher;
import io.solider.tasks.reid.index.HnswSettings;
import io.solider.tasks.reid.index.ReidIndexSearcher;
import io.solider.tasks.reid.index.ReidIndexWriter;
import io.solider.tasks.reid.index.SearchHit;
import io.solider.tasks.reid.index.ShardedIndex;
import io.solider.tasks.reid.index.ShardedIndexSearcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedIndexJobTest {

  @Test
  void shardedIndexReturnsTheSameTopTenAsOneIndexOfTheSameVectors(@TempDir Path dir) throws Exception {
    Path extraction = ExtractJobTestSupport.extract(dir);
    Path sharded = dir.resolve("sharded");
    ShardedIndex manifest = new ShardedIndexJob(LocalSpark.get()).run(extraction, sharded, 3, HnswSettings.defaults());
    assertThat(manifest.shards()).hasSize(3);
    try (Stream<Path> s = Files.list(sharded)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("shard-00000", "shard-00001", "shard-00002", ShardedIndex.MANIFEST);
    }

    Embeddings e = Embeddings.collect(LocalSpark.get(), extraction);
    Path single = dir.resolve("single");
    try (ReidIndexWriter w = ReidIndexWriter.create(single, manifest.metadata().model(), HnswSettings.defaults())) {
      for (int i = 0; i < e.size(); i++) {
        w.add(new GalleryItem(e.features()[i], e.pids()[i], e.camids()[i], e.files()[i]));
      }
      w.commit();
    }
    try (GallerySearcher one = ReidIndexSearcher.open(single); GallerySearcher many = GallerySearcher.open(sharded)) {
      assertThat(many).isInstanceOf(ShardedIndexSearcher.class);
      assertThat(many.size()).isEqualTo(e.size());
      // Galleries this small are searched exhaustively by Lucene, so top-10 must agree exactly.
      for (int i = 0; i < e.size(); i++) {
        List<SearchHit> a = one.search(e.features()[i], 10, 100);
        List<SearchHit> b = many.search(e.features()[i], 10, 100);
        assertThat(b).extracting(SearchHit::row).containsExactlyElementsOf(a.stream().map(SearchHit::row).toList());
        assertThat(b).extracting(SearchHit::file).containsExactlyElementsOf(a.stream().map(SearchHit::file).toList());
        assertThat(b).extracting(SearchHit::score).containsExactlyElementsOf(a.stream().map(SearchHit::score).toList());
      }
    }
    assertThatThrownBy(() -> new ShardedIndexJob(LocalSpark.get()).run(extraction, sharded, 2, HnswSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
    assertThatThrownBy(() -> new ShardedIndexJob(LocalSpark.get()).run(dir, dir.resolve("x"), 2, HnswSettings.defaults()))
        .hasMessageContaining(ExtractJob.SUMMARY);
  }
}
