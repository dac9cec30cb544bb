/**
 * {@code solider spark extract|reid-eval|index}: the command line of the Spark jobs, also the main
 * class given to {@code spark-submit}.
 */
package io.solider.spark.cli;
