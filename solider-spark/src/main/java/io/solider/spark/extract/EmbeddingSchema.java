package io.solider.spark.extract;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet layout of extracted embeddings: {@code row} (long, the image's position in the
 * input listing), {@code file} (string), {@code pid}, {@code camid} (int, −1 when unknown),
 * {@code lambda} (double) and {@code embedding} (array of float, the backbone's pooled feature).
 */
public final class EmbeddingSchema {

  public static final String ROW = "row";
  public static final String FILE = "file";
  public static final String PID = "pid";
  public static final String CAMID = "camid";
  public static final String LAMBDA = "lambda";
  public static final String EMBEDDING = "embedding";

  /** The schema the extract job writes. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
    DataTypes.createStructField(ROW, DataTypes.LongType, false),
    DataTypes.createStructField(FILE, DataTypes.StringType, false),
    DataTypes.createStructField(PID, DataTypes.IntegerType, false),
    DataTypes.createStructField(CAMID, DataTypes.IntegerType, false),
    DataTypes.createStructField(LAMBDA, DataTypes.DoubleType, false),
    DataTypes.createStructField(EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false),
  });

  private EmbeddingSchema() {}

  /**
   * Checks that {@code found} (a Parquet folder's schema) has every column of {@link #SCHEMA} with
   * its type, so that a file from another tool fails here with one line rather than deep inside a job.
   *
   * @throws IllegalArgumentException naming the missing or mistyped columns
   */
  public static void require(StructType found, String where) {
    List<String> problems = new ArrayList<>();
    for (StructField want : SCHEMA.fields()) {
      int i = List.of(found.fieldNames()).indexOf(want.name());
      if (i < 0) {
        problems.add("no column '" + want.name() + "'");
        continue;
      }
      DataType got = found.fields()[i].dataType();
      if (!sameType(got, want.dataType())) {
        problems.add("column '" + want.name() + "' is " + got.simpleString() + ", expected " + want.dataType().simpleString());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(where + ": not embeddings written by solider spark extract ("
          + String.join("; ", problems) + ")");
    }
  }

  private static boolean sameType(DataType a, DataType b) {
    return a.sameType(b) || (a instanceof org.apache.spark.sql.types.ArrayType x
        && b instanceof org.apache.spark.sql.types.ArrayType y && x.elementType().sameType(y.elementType()));
  }
}
