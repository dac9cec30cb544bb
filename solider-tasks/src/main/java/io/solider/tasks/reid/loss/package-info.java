/** Re-id training losses: identity cross-entropy and the soft-margin batch-hard triplet loss. */
package io.solider.tasks.reid.loss;
