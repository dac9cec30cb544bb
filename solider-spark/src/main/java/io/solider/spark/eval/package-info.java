/** Re-id evaluation on Spark, equal to the single-machine {@code reid-eval}. */
package io.solider.spark.eval;
