package io.solider.spark.extract;

import io.solider.nn.image.Images;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Extracts rows of Spark's {@code binaryFile} source ({@code path}, {@code content}) to rows of
 * {@link #SCHEMA} ({@code path}, {@code embedding}); the job joins them with the driver's listing
 * for row number, file name, identity and camera. The bytes are decoded with {@link Images}' pixel
 * limit; the byte limit was applied before the source read them ({@link BinaryFileSource}).
 */
final class BinaryFileExtractor extends PartitionExtractor<Row> {

  /** What this extractor produces. */
  static final StructType SCHEMA = new StructType(new StructField[] {
    DataTypes.createStructField(BinaryFileSource.PATH, DataTypes.StringType, false),
    DataTypes.createStructField(EmbeddingSchema.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false),
  });

  private final String root;
  private final long maxBytes;

  /**
   * @param root the qualified folder failure messages name files relative to
   * @param maxBytes the byte limit, checked again on the bytes received
   */
  BinaryFileExtractor(ExtractJobConfig config, CollectionAccumulator<String> failures, String root, long maxBytes) {
    super(config, failures);
    this.root = root;
    this.maxBytes = maxBytes;
  }

  @Override
  String name(Row item) {
    return BinaryFileSource.relative(root, item.getString(0));
  }

  @Override
  BufferedImage decode(Row item) throws IOException {
    byte[] content = (byte[]) item.get(1);
    if (content.length > maxBytes) { // the source's length filter keeps these out; a file may have grown since
      throw new IOException(content.length + " bytes, more than the limit of " + maxBytes + " bytes");
    }
    return Images.decode(new ByteArrayInputStream(content), Path.of(name(item)));
  }

  @Override
  Row row(Row item, Float[] embedding) {
    return RowFactory.create(item.getString(0), embedding);
  }
}
