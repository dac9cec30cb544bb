package io.solider.spark.extract;

import io.solider.nn.image.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.CollectionAccumulator;

/** Extracts listed image files ({@link InputImage}), read by path, to rows of {@link EmbeddingSchema}. */
final class FileExtractor extends PartitionExtractor<InputImage> {

  FileExtractor(ExtractJobConfig config, CollectionAccumulator<String> failures) {
    super(config, failures);
  }

  @Override
  String name(InputImage item) {
    return item.file();
  }

  @Override
  BufferedImage decode(InputImage item) throws IOException {
    try (InputStream s = Files.newInputStream(Path.of(item.path()))) {
      return Images.decode(s, Path.of(item.file()));
    }
  }

  @Override
  Row row(InputImage item, Float[] embedding) {
    return RowFactory.create(item.row(), item.file(), item.pid(), item.camid(), config.semanticWeight(), embedding);
  }
}
