/** Sharded HNSW gallery indexes built in parallel on Spark from extracted embeddings. */
package io.solider.spark.index;
