/**
 * The Spark extraction job: images in, the backbone's pooled features out as Parquet
 * ({@link io.solider.spark.extract.EmbeddingSchema}), one backbone per executor
 * ({@link io.solider.spark.extract.ExecutorBackbones}), failures listed in the job summary.
 */
package io.solider.spark.extract;
