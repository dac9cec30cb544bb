package io.solider.nn.train;

import java.util.Iterator;

/**
 * A task's training data as epochs of batches, deterministic from the run's seed so an epoch can
 * restart at any batch (exact resume).
 */
public interface EpochData<B> {

  /** Batches of {@code epoch} (exact where the plan depends on the epoch). */
  int batches(int epoch);

  /** Images in a batch (for progress and rates). */
  int batchSize();

  /** The batches of {@code epoch} from batch {@code first} on; the loop closes each batch after its step. */
  Iterator<B> epoch(int epoch, int first);
}
