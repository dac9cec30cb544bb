package io.solider.tasks.reid.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an on-disk re-id index: each gallery feature is L2-normalised and stored as a Lucene
 * {@link KnnFloatVectorField} (HNSW graph, dot-product similarity = cosine on unit vectors) with
 * its identity, camera, file and row as stored fields. {@link #commit()} merges the index into one
 * segment (one graph, so a query visits one graph), stores the {@link IndexMetadata} in the
 * commit and closes; closing without {@link #commit()} discards everything added. An existing
 * re-id index in the folder is replaced only at the commit, so it stays readable until then.
 */
public final class ReidIndexWriter implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(ReidIndexWriter.class);

  static final String VECTOR = "vector";
  static final String PID = "pid";
  static final String CAMID = "camid";
  static final String FILE = "file";
  static final String ROW = "row";

  private final Path dir;
  private final EmbeddingModel model;
  private final HnswSettings hnsw;
  private final Directory directory;
  private final IndexWriter writer;
  private long entries;
  private boolean open = true;

  private ReidIndexWriter(Path dir, EmbeddingModel model, HnswSettings hnsw, Directory directory, IndexWriter writer) {
    this.dir = dir;
    this.model = model;
    this.hnsw = hnsw;
    this.directory = directory;
    this.writer = writer;
  }

  /**
   * Opens a writer for a new index in {@code dir} (created if missing; an existing re-id index
   * there is replaced at the commit).
   *
   * @throws ReidIndexException when {@code dir} holds other files than a Lucene index, or the
   *     dimension exceeds Lucene's limit
   */
  public static ReidIndexWriter create(Path dir, EmbeddingModel model, HnswSettings hnsw) throws IOException {
    if (model.dimension() > Vectors.MAX_DIMENSION) {
      throw new ReidIndexException(dir, "feature dimension " + model.dimension() + " exceeds the index's limit of "
          + Vectors.MAX_DIMENSION);
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new ReidIndexException(dir, "exists and is not a folder");
    }
    Files.createDirectories(dir);
    Directory directory = FSDirectory.open(dir);
    try {
      if (!isEmpty(dir) && !DirectoryReader.indexExists(directory)) {
        throw new ReidIndexException(dir, "folder is not empty and holds no index; refusing to write an index into it");
      }
      IndexWriterConfig cfg = new IndexWriterConfig()
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
          .setCodec(codec(hnsw))
          // One in-memory segment for typical galleries (Market-1501: 60 MB of 768-d vectors), so
          // the graph is built once while adding rather than again while merging; bounded by the heap.
          .setRAMBufferSizeMB(ramBufferMb())
          .setCommitOnClose(false);
      return new ReidIndexWriter(dir, model, hnsw, directory, new IndexWriter(directory, cfg));
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
  }

  /**
   * Adds one gallery item.
   *
   * @throws IllegalArgumentException when its feature has the wrong dimension or non-finite values
   */
  public void add(GalleryItem item) throws IOException {
    if (!open) {
      throw new IllegalStateException("index writer for " + dir + " is closed");
    }
    if (item.feature().length != model.dimension()) {
      throw new IllegalArgumentException("gallery feature of " + item.file() + " has " + item.feature().length
          + " dimensions, the index takes " + model.dimension());
    }
    Vectors.requireFinite(item.feature(), "gallery feature of " + item.file());
    Document doc = new Document();
    doc.add(new KnnFloatVectorField(VECTOR, Vectors.normalised(item.feature()), VectorSimilarityFunction.DOT_PRODUCT));
    doc.add(new StoredField(PID, item.pid()));
    doc.add(new StoredField(CAMID, item.camid()));
    doc.add(new StoredField(FILE, item.file()));
    doc.add(new StoredField(ROW, (int) entries));
    writer.addDocument(doc);
    entries++;
  }

  /** Items added so far. */
  public long size() {
    return entries;
  }

  /**
   * Merges to one segment, commits with the metadata and closes.
   *
   * @throws IllegalStateException when nothing was added
   */
  public IndexMetadata commit() throws IOException {
    if (entries == 0) {
      throw new IllegalStateException("no gallery items added to " + dir);
    }
    long t0 = System.nanoTime();
    writer.forceMerge(1);
    IndexMetadata meta = new IndexMetadata(model, hnsw, entries, Instant.now().toString());
    writer.setLiveCommitData(meta.toUserData().entrySet());
    writer.commit();
    open = false;
    writer.close();
    directory.close();
    log.info("committed {} entries to {} (merge + commit {} s)", entries, dir,
        String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    return meta;
  }

  /** Discards what was added unless {@link #commit()} ran. */
  @Override
  public void close() throws IOException {
    if (open) {
      open = false;
      try {
        writer.rollback();
      } finally {
        directory.close();
      }
    }
  }

  private static Lucene912Codec codec(HnswSettings hnsw) {
    KnnVectorsFormat format = new Lucene99HnswVectorsFormat(hnsw.maxConn(), hnsw.beamWidth());
    return new Lucene912Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return format;
      }
    };
  }

  private static double ramBufferMb() {
    double heapMb = Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0);
    return Math.max(16, Math.min(1024, heapMb / 4));
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }
}
