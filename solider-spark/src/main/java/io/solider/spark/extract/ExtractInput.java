package io.solider.spark.extract;

import java.nio.file.Path;

/** Where the images of a Spark extraction come from. */
public sealed interface ExtractInput {

  /**
   * A folder of images (recursively, sorted by path) or a list file with one image path per line,
   * listed by the driver on its own file system ({@link InputImage#list}); executors read the files
   * at the same paths.
   */
  record Files(Path path) implements ExtractInput {}

  /**
   * Spark's {@code binaryFile} source: the images of a folder (recursively) or of a glob on any file
   * system Spark reads ({@code file:}, {@code hdfs://}, {@code s3a://} …), sorted by path. Executors
   * get each file's bytes from the source; a file of more than {@code maxBytes} bytes is not read
   * and is listed as a failure, as are files that do not decode.
   *
   * @param source a folder or a glob ({@code /data/market/bounding_box_test/*.jpg})
   * @param maxBytes the largest file read, in bytes
   */
  record BinaryFiles(String source, long maxBytes) implements ExtractInput {

    /**
     * Default {@code maxBytes}: 256 MiB, the raw 24-bit pixels of an image at the decoder's pixel
     * limit ({@code Images.DEFAULT_MAX_PIXELS} × 3 bytes), far above any person crop or scene photo
     * (a compressed file that large would decode to more pixels than the limit allows).
     */
    public static final long DEFAULT_MAX_BYTES = 256L << 20;

    public BinaryFiles {
      if (source == null || source.isBlank()) {
        throw new IllegalArgumentException("the binaryFile input needs a folder or a glob");
      }
      if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("the image byte limit must be in [1, " + (Integer.MAX_VALUE - 8)
            + "] (a Java array), got " + maxBytes);
      }
    }
  }
}
