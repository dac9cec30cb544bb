/** Optimisers written as explicit steps over named parameter arrays (SameDiff's TrainingConfig has no parameter groups or per-parameter clipping). */
package io.solider.nn.optim;
