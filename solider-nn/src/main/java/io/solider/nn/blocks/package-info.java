/**
 * Layers with parameters, one class per paper concept or PyTorch module, whose SameDiff variables
 * are named by the release's state-dict keys ({@link io.solider.nn.blocks.ParamFactory}) with
 * PyTorch's shapes: the Swin backbone's blocks and the task heads' Conv2d, ConvTranspose2d,
 * BatchNorm, GroupNorm, L2Norm and Scale.
 */
package io.solider.nn.blocks;
