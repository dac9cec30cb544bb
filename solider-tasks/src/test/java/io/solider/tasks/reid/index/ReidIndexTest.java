package io.solider.tasks.reid.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing a small index and searching it: exact neighbours, stored metadata, and every error. */
class ReidIndexTest {

  static final int N = 60;
  static final int D = 16;
  static final EmbeddingModel MODEL =
      new EmbeddingModel("/models/reid.pth", "ab12", "Swin C=8", D, 0.2, 64, 32, "reid");

  @TempDir static Path tmp;
  static Path index;
  static float[][] gallery;

  @BeforeAll
  static void writeIndex() throws Exception {
    SplittableRandom rng = new SplittableRandom(7);
    gallery = new float[N][D];
    for (float[] g : gallery) {
      for (int j = 0; j < D; j++) {
        g[j] = (float) (rng.nextDouble() * 2 - 1);
      }
    }
    index = tmp.resolve("index");
    try (ReidIndexWriter w = ReidIndexWriter.create(index, MODEL, HnswSettings.defaults())) {
      for (int i = 0; i < N; i++) {
        // Scaled copies: the index normalises, so the scale must not matter.
        float[] f = gallery[i].clone();
        for (int j = 0; j < D; j++) {
          f[j] *= 1 + i % 3;
        }
        w.add(new GalleryItem(f, i / 4, i % 3, "img_" + i + ".jpg"));
      }
      IndexMetadata meta = w.commit();
      assertThat(meta.entries()).isEqualTo(N);
    }
  }

  /** Brute-force cosine ranking of the gallery for {@code q}. */
  static int[] exactTop(float[] q, int k) {
    double[] cos = new double[N];
    for (int i = 0; i < N; i++) {
      cos[i] = cosine(q, gallery[i]);
    }
    return IntStream.range(0, N).boxed().sorted(Comparator.comparingDouble(i -> -cos[i])).limit(k)
        .mapToInt(Integer::intValue).toArray();
  }

  static double cosine(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int j = 0; j < a.length; j++) {
      ab += a[j] * b[j];
      aa += a[j] * a[j];
      bb += b[j] * b[j];
    }
    return ab / Math.sqrt(aa * bb);
  }

  @Test
  void searchReturnsTheExactNearestNeighboursWithTheirStoredFields() throws Exception {
    SplittableRandom rng = new SplittableRandom(99);
    try (ReidIndexSearcher s = ReidIndexSearcher.open(index)) {
      assertThat(s.size()).isEqualTo(N);
      for (int t = 0; t < 10; t++) {
        float[] q = new float[D];
        for (int j = 0; j < D; j++) {
          q[j] = (float) rng.nextGaussian();
        }
        List<SearchHit> hits = s.search(q, 5, 100);
        int[] want = exactTop(q, 5);
        assertThat(hits.stream().mapToInt(SearchHit::row).toArray()).isEqualTo(want);
        for (int r = 0; r < 5; r++) {
          SearchHit h = hits.get(r);
          assertThat(h.rank()).isEqualTo(r + 1);
          assertThat(h.score()).isCloseTo(cosine(q, gallery[want[r]]), within(1e-5));
          assertThat(h.pid()).isEqualTo(want[r] / 4);
          assertThat(h.camid()).isEqualTo(want[r] % 3);
          assertThat(h.file()).isEqualTo("img_" + want[r] + ".jpg");
        }
      }
      // A gallery vector finds itself first with cosine 1.
      SearchHit self = s.search(gallery[17], 1, 10).get(0);
      assertThat(self.row()).isEqualTo(17);
      assertThat(self.score()).isCloseTo(1.0, within(1e-5));
      // k larger than the gallery returns the whole gallery.
      assertThat(s.search(gallery[0], N + 5, N + 5)).hasSize(N);
    }
  }

  @Test
  void metadataIsStoredWithTheIndex() throws Exception {
    try (ReidIndexSearcher s = ReidIndexSearcher.open(index)) {
      IndexMetadata m = s.metadata();
      assertThat(m.model()).isEqualTo(MODEL);
      assertThat(m.hnsw()).isEqualTo(HnswSettings.defaults());
      assertThat(m.entries()).isEqualTo(N);
      assertThat(m.created()).isNotBlank();
      assertThat(s.sizeOnDisk()).isGreaterThan((long) N * D * 4);
    }
  }

  @Test
  void aQueryOfAnotherDimensionIsRefused() throws Exception {
    try (ReidIndexSearcher s = ReidIndexSearcher.open(index)) {
      assertThatThrownBy(() -> s.search(new float[D + 1], 3, 10))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("query feature has 17 dimensions but the index " + index
              + " holds 16-dimensional features (Swin C=8)");
      float[] nan = new float[D];
      nan[3] = Float.NaN;
      assertThatThrownBy(() -> s.search(nan, 3, 10)).hasMessage("query feature has a non-finite value at position 3: NaN");
    }
  }

  @Test
  void writerChecksDimensionAndItsFolder() throws Exception {
    Path dir = tmp.resolve("w1");
    try (ReidIndexWriter w = ReidIndexWriter.create(dir, MODEL, HnswSettings.defaults())) {
      assertThatThrownBy(() -> w.add(new GalleryItem(new float[D - 1], 1, 0, "x.jpg")))
          .hasMessage("gallery feature of x.jpg has 15 dimensions, the index takes 16");
      w.add(new GalleryItem(gallery[0], 1, 0, "x.jpg"));
      // closed without commit: nothing is kept
    }
    assertThatThrownBy(() -> ReidIndexSearcher.open(dir)).isInstanceOf(ReidIndexException.class)
        .hasMessageContaining("no re-id index here");
    Path other = tmp.resolve("notes");
    Files.createDirectories(other);
    Files.writeString(other.resolve("readme.txt"), "mine");
    assertThatThrownBy(() -> ReidIndexWriter.create(other, MODEL, HnswSettings.defaults()))
        .isInstanceOf(ReidIndexException.class)
        .hasMessage(other + ": folder is not empty and holds no index; refusing to write an index into it");
    EmbeddingModel huge = new EmbeddingModel("c", "s", "a", 2048, 0.2, 64, 32, "reid");
    assertThatThrownBy(() -> ReidIndexWriter.create(tmp.resolve("w2"), huge, HnswSettings.defaults()))
        .hasMessageEndingWith("feature dimension 2048 exceeds the index's limit of 1024");
    assertThatThrownBy(() -> new HnswSettings(1, 100)).hasMessage("HNSW maxConn (M) must be in 2..512, got 1");
  }

  @Test
  void rebuildingReplacesTheIndexAtTheCommit() throws Exception {
    Path dir = tmp.resolve("rebuild");
    for (int round = 1; round <= 2; round++) {
      try (ReidIndexWriter w = ReidIndexWriter.create(dir, MODEL, new HnswSettings(8, 20))) {
        for (int i = 0; i < 3 * round; i++) {
          w.add(new GalleryItem(gallery[i], i, 0, "r" + round + "_" + i));
        }
        w.commit();
      }
    }
    try (ReidIndexSearcher s = ReidIndexSearcher.open(dir)) {
      assertThat(s.size()).isEqualTo(6);
      assertThat(s.metadata().hnsw()).isEqualTo(new HnswSettings(8, 20));
      assertThat(s.search(gallery[5], 1, 10).get(0).file()).isEqualTo("r2_5");
    }
  }

  @Test
  void missingFoldersAndForeignIndexesAreNamed() throws Exception {
    Path missing = tmp.resolve("nowhere");
    assertThatThrownBy(() -> ReidIndexSearcher.open(missing)).isInstanceOf(ReidIndexException.class)
        .hasMessage(missing + ": no re-id index here (folder does not exist)");
    Path empty = tmp.resolve("empty");
    Files.createDirectories(empty);
    assertThatThrownBy(() -> ReidIndexSearcher.open(empty)).hasMessage(empty + ": no re-id index here (empty folder)");
    Path foreign = tmp.resolve("foreign");
    try (var d = FSDirectory.open(foreign); IndexWriter w = new IndexWriter(d, new IndexWriterConfig())) {
      Document doc = new Document();
      doc.add(new StoredField("title", "not a re-id index"));
      w.addDocument(doc);
      w.commit();
    }
    assertThatThrownBy(() -> ReidIndexSearcher.open(foreign)).isInstanceOf(ReidIndexException.class)
        .hasMessage(foreign + ": a Lucene index without re-id metadata (not written by reid-index)");
  }

  @Test
  void normalisationMakesScaleIrrelevant() {
    float[] v = Vectors.normalised(new float[] {3, 4});
    assertThat(v).containsExactly(0.6f, 0.8f);
    assertThat(Vectors.normalised(new float[] {0, 0})).containsExactly(0f, 0f);
    assertThat(Arrays.toString(Vectors.normalised(new float[] {-2}))).isEqualTo("[-1.0]");
  }
}
