/**
 * Re-id retrieval at scale: gallery embeddings in an on-disk Apache Lucene index (HNSW graph over
 * L2-normalised float vectors, dot-product similarity) with identity, camera and file stored per
 * entry, and the model that made them ({@link io.solider.tasks.reid.index.IndexMetadata}) in the
 * index's commit data. {@link io.solider.tasks.reid.index.ReidIndexWriter} builds an index,
 * {@link io.solider.tasks.reid.index.ReidIndexSearcher} answers k-nearest-neighbour queries. A
 * sharded index (several such indexes and a {@link io.solider.tasks.reid.index.ShardedIndex}
 * manifest, built in parallel by {@code solider spark index}) is searched by
 * {@link io.solider.tasks.reid.index.ShardedIndexSearcher}; {@link
 * io.solider.tasks.reid.index.GallerySearcher#open} opens either kind.
 */
package io.solider.tasks.reid.index;
