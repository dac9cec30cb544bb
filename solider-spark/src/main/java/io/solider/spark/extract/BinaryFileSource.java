package io.solider.spark.extract;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;

import io.solider.nn.image.Images;
import io.solider.spark.SparkFailures;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The driver's side of a {@code binaryFile} input: the image files of a folder or glob as Spark's
 * source lists them (path and length only; the bytes are read by the executors), numbered in path
 * order as {@code solider extract} numbers a folder's images, with names relative to the folder (or
 * to the glob's folder) and identity and camera parsed from them.
 */
final class BinaryFileSource {

  /** Columns of Spark's {@code binaryFile} source. */
  static final String PATH = "path";
  static final String LENGTH = "length";
  static final String CONTENT = "content";

  /**
   * A listed input.
   *
   * @param files the source's rows of image files (path, modificationTime, length, content)
   * @param root the qualified folder names are relative to
   * @param images every image file, in path order; {@link InputImage#path} is the source's path
   * @param oversized the files of more than the byte limit, as "file: reason"
   */
  record Listing(Dataset<Row> files, String root, List<InputImage> images, List<String> oversized) {}

  private BinaryFileSource() {}

  /**
   * Lists the images of {@code input}.
   *
   * @throws NoSuchFileException when the folder does not exist or the glob matches nothing
   * @throws IllegalArgumentException when no image file is found, or Spark cannot read the source
   */
  static Listing list(SparkSession spark, ExtractInput.BinaryFiles input) throws IOException {
    String source = input.source();
    // The glob is expanded here, as Spark would expand it (Hadoop's globStatus), and the source gets
    // its matches: a glob or a missing folder is then one clear error, and Spark does not log a
    // stack trace while looking for a streaming-metadata folder under a path that is a glob.
    org.apache.hadoop.fs.Path pattern = new org.apache.hadoop.fs.Path(source);
    FileStatus[] matched = pattern.getFileSystem(spark.sparkContext().hadoopConfiguration()).globStatus(pattern);
    if (matched == null || matched.length == 0) {
      throw new NoSuchFileException(source, null, globStart(source) >= 0 ? "no file matches" : "input does not exist");
    }
    Dataset<Row> all;
    try {
      all = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
          .load(Arrays.stream(matched).map(m -> m.getPath().toString()).toArray(String[]::new));
    } catch (Exception e) { // AnalysisException is checked but undeclared by the Scala method
      throw new IllegalArgumentException(source + ": Spark's binaryFile source cannot read it ("
          + SparkFailures.firstLine(e.getMessage(), e.getClass().getSimpleName()) + ")", e);
    }
    Dataset<Row> files = all.filter(imageName(col(PATH)));
    List<Row> listed = new ArrayList<>(files.select(PATH, LENGTH).collectAsList()); // no bytes read here
    if (listed.isEmpty()) {
      throw new IllegalArgumentException(source + ": no images found (looked for " + Images.EXTENSIONS + ")");
    }
    listed.sort(Comparator.comparing(r -> r.getString(0)));
    String root = root(spark, source, listed.size() == 1 ? listed.get(0).getString(0) : null);
    List<InputImage> images = new ArrayList<>(listed.size());
    List<String> oversized = new ArrayList<>();
    for (Row r : listed) {
      String path = r.getString(0);
      String file = relative(root, path);
      images.add(InputImage.of(images.size(), path, file));
      if (r.getLong(1) > input.maxBytes()) {
        oversized.add(file + ": " + r.getLong(1) + " bytes, more than the limit of " + input.maxBytes() + " bytes");
      }
    }
    return new Listing(files, root, images, oversized);
  }

  /** {@code path} relative to the folder {@code root} ({@code path} itself when outside it). */
  static String relative(String root, String path) {
    String prefix = root.endsWith("/") ? root : root + "/";
    return path.startsWith(prefix) ? path.substring(prefix.length()) : path;
  }

  /** A file name with one of {@link Images#EXTENSIONS}, case-insensitively, as a folder is listed. */
  private static Column imageName(Column path) {
    String extensions = Images.EXTENSIONS.stream().sorted().collect(Collectors.joining("|"));
    return lower(path).rlike("\\.(" + extensions + ")$");
  }

  /**
   * The folder names are made relative to, qualified as the source qualifies paths: the folder
   * given, the folder before a glob's first wildcard, or the parent of a single file given by name.
   */
  private static String root(SparkSession spark, String source, String onlyFile) throws IOException {
    int glob = globStart(source);
    String base = source;
    if (glob >= 0) {
      int slash = source.lastIndexOf('/', glob);
      base = slash < 0 ? "." : slash == 0 ? "/" : source.substring(0, slash);
    }
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(base);
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    String qualified = fs.makeQualified(p).toString();
    if (glob < 0 && qualified.equals(onlyFile)) {
      return qualified.substring(0, qualified.lastIndexOf('/'));
    }
    return qualified;
  }

  /** Index of the first glob wildcard ({@code * ? [ {}) in {@code s}, or −1. */
  private static int globStart(String s) {
    for (int i = 0; i < s.length(); i++) {
      if ("*?[{".indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

}
