package io.solider.spark;

import org.apache.spark.sql.SparkSession;

/** One local[2] Spark session shared by the test classes of this module (starting one takes seconds). */
public final class LocalSpark {

  private static SparkSession session;

  private LocalSpark() {}

  /** The shared session (created on first use, stopped when the JVM exits). */
  public static synchronized SparkSession get() {
    if (session == null) {
      session = SparkSession.builder().master("local[2]").appName("solider-spark tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.driver.host", "127.0.0.1")
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
