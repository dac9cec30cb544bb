/**
 * Optimisers written as explicit steps over named parameter arrays (SameDiff's TrainingConfig has
 * no parameter groups or per-parameter clipping), each checked against torch: {@link
 * io.solider.nn.optim.Sgd}, {@link io.solider.nn.optim.Adam} (coupled L2), {@link
 * io.solider.nn.optim.AdamW} (DINO's groups), the schedule {@link
 * io.solider.nn.optim.ReduceLrOnPlateau} and {@link io.solider.nn.optim.GradientClipping} (global norm).
 */
package io.solider.nn.optim;
