/**
 * Parameter-free graph functions written with the SameDiff ops whose values and gradients are
 * exact in 1.0.0-M2.1: exact GELU, LayerNorm, roll, padding, window partition and reverse
 * ({@link io.solider.nn.ops.Windows}), relative-position index and shift mask
 * ({@link io.solider.nn.ops.WindowGeometry}), resampling as matrix products (and PyTorch's
 * bilinear resize of float maps in plain Java, {@link io.solider.nn.ops.Interpolation}), dropout
 * masks as inputs; and RoI Align applied outside the graph with its exact transpose.
 */
package io.solider.nn.ops;
