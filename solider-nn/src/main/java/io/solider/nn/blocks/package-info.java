/**
 * Layers as graph builders, one class per paper concept, whose variables are named by their
 * PyTorch state-dict keys ({@link io.solider.nn.blocks.ParamFactory}).
 */
package io.solider.nn.blocks;
