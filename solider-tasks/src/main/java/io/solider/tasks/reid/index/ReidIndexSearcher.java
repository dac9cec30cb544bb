package io.solider.tasks.reid.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Answers k-nearest-neighbour queries against an index written by {@link ReidIndexWriter}: the
 * query is L2-normalised, the HNSW graph is searched with {@code numCandidates} candidates
 * (efSearch) and the best {@code k} are returned with their stored identity, camera and file.
 * Thread-safe for concurrent searches.
 */
public final class ReidIndexSearcher implements GallerySearcher {

  private final Path dir;
  private final Directory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final IndexMetadata metadata;

  private ReidIndexSearcher(Path dir, Directory directory, DirectoryReader reader, IndexMetadata metadata) {
    this.dir = dir;
    this.directory = directory;
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
    this.metadata = metadata;
  }

  /**
   * Opens the index in {@code dir}.
   *
   * Every index file's checksum is verified before the first search (Lucene's own CRC32 footers;
   * about a second per GB), so a flipped byte anywhere is reported here, not as a wrong answer.
   *
   * @throws ReidIndexException when the folder is missing, holds no index, an index of another
   *     kind, one this version cannot read, or a corrupt one (a checksum does not match)
   */
  public static ReidIndexSearcher open(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new ReidIndexException(dir, "no re-id index here (folder does not exist)");
    }
    Directory directory = FSDirectory.open(dir);
    try {
      if (!DirectoryReader.indexExists(directory)) {
        throw new ReidIndexException(dir, "no re-id index here (" + (isEmpty(dir) ? "empty folder" : "no Lucene index files") + ")");
      }
      DirectoryReader reader;
      try {
        reader = DirectoryReader.open(directory);
      } catch (IndexFormatTooNewException | IndexFormatTooOldException e) {
        throw new ReidIndexException(dir, "index written by an incompatible Lucene version (" + e.getMessage() + ")", e);
      } catch (CorruptIndexException e) {
        throw corrupt(dir, e);
      }
      try {
        verifyChecksums(dir, reader);
        IndexMetadata meta = IndexMetadata.fromUserData(reader.getIndexCommit().getUserData(), dir);
        if (meta.entries() != reader.numDocs()) {
          throw new ReidIndexException(dir, "index metadata says " + meta.entries() + " entries but the index holds "
              + reader.numDocs());
        }
        return new ReidIndexSearcher(dir, directory, reader, meta);
      } catch (IOException | RuntimeException e) {
        reader.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
  }

  /** Verifies the checksum of every file of every segment. */
  private static void verifyChecksums(Path dir, DirectoryReader reader) throws IOException {
    try {
      for (LeafReaderContext leaf : reader.leaves()) {
        leaf.reader().checkIntegrity();
      }
    } catch (CorruptIndexException e) {
      throw corrupt(dir, e);
    }
  }

  private static ReidIndexException corrupt(Path dir, CorruptIndexException e) {
    // Lucene's resource text nests its readers' names; the file name inside it is what helps.
    java.util.regex.Matcher file = java.util.regex.Pattern.compile("([^/\\\\\"()=\\s]+)\"?\\)*$")
        .matcher(String.valueOf(e.getResourceDescription()));
    String where = file.find() ? " in " + file.group(1) : "";
    return new ReidIndexException(dir, "index is corrupt (" + e.getOriginalMessage().strip() + where
        + "); rebuild it with reid-index", e);
  }

  /** The stored metadata: model, HNSW settings, entry count. */
  @Override
  public IndexMetadata metadata() {
    return metadata;
  }

  /** Number of gallery entries. */
  @Override
  public int size() {
    return reader.numDocs();
  }

  /**
   * The {@code k} gallery entries most similar to {@code query} (best first), found by an HNSW
   * search with {@code numCandidates} candidates (at least k; more gives higher recall).
   *
   * @throws IllegalArgumentException when the query's dimension differs from the index's, or
   *     k or numCandidates is not positive
   */
  @Override
  public List<SearchHit> search(float[] query, int k, int numCandidates) throws IOException {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    if (numCandidates < 1) {
      throw new IllegalArgumentException("numCandidates must be >= 1, got " + numCandidates);
    }
    if (query.length != metadata.model().dimension()) {
      throw new IllegalArgumentException("query feature has " + query.length + " dimensions but the index " + dir
          + " holds " + metadata.model().dimension() + "-dimensional features (" + metadata.model().architecture() + ")");
    }
    Vectors.requireFinite(query, "query feature");
    TopDocs top = searcher.search(new KnnFloatVectorQuery(ReidIndexWriter.VECTOR, Vectors.normalised(query),
        Math.max(k, numCandidates)), Math.max(k, numCandidates));
    var stored = searcher.storedFields();
    List<SearchHit> hits = new ArrayList<>();
    for (ScoreDoc sd : top.scoreDocs) {
      if (hits.size() == k) {
        break;
      }
      Document d = stored.document(sd.doc);
      // Lucene's DOT_PRODUCT score is (1 + cos) / 2.
      double cosine = 2.0 * sd.score - 1.0;
      hits.add(new SearchHit(hits.size() + 1, cosine, d.getField(ReidIndexWriter.PID).numericValue().intValue(),
          d.getField(ReidIndexWriter.CAMID).numericValue().intValue(), d.get(ReidIndexWriter.FILE),
          d.getField(ReidIndexWriter.ROW).numericValue().intValue()));
    }
    return hits;
  }

  /** Bytes the index takes on disk. */
  public long sizeOnDisk() throws IOException {
    return sizeOnDisk(dir);
  }

  /** Bytes of the files directly in {@code dir}. */
  public static long sizeOnDisk(Path dir) throws IOException {
    long total = 0;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (Files.isRegularFile(p)) {
          total += Files.size(p);
        }
      }
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    try {
      reader.close();
    } finally {
      directory.close();
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }
}
