/**
 * Graph functions and derived constants: exact GELU, LayerNorm, roll, padding, window partition
 * and reverse ({@link io.solider.nn.ops.Windows}), relative-position index and shift mask
 * ({@link io.solider.nn.ops.WindowGeometry}).
 */
package io.solider.nn.ops;
