/**
 * SOLIDER on Apache Spark: feature extraction to Parquet ({@link io.solider.spark.extract}),
 * re-id evaluation distributed by query blocks ({@link io.solider.spark.eval}) and sharded HNSW
 * gallery indexes built in parallel ({@link io.solider.spark.index}); {@link io.solider.spark.cli}
 * is the {@code solider spark} command line. Jobs take a {@code SparkSession} from the caller, so
 * they run the same under {@code spark-submit} on a cluster and in local mode.
 */
package io.solider.spark;
