/** Benchmarks of the Spark jobs: images/s of extraction per Spark master against one process. */
package io.solider.spark.bench;
