package io.solider.tasks.reid.index;

/**
 * One search result.
 *
 * @param rank 1-based position
 * @param score cosine similarity of the L2-normalised query and gallery features, in [−1, 1]
 * @param pid the gallery item's identity (−1 when unknown)
 * @param camid its camera (−1 when unknown)
 * @param file its image
 * @param row its position in the order the items were added
 */
public record SearchHit(int rank, double score, int pid, int camid, String file, int row) {}
