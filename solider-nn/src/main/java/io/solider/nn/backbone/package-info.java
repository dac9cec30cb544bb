/**
 * The SOLIDER Swin backbone: its configuration ({@link io.solider.nn.backbone.SwinConfig}, incl.
 * the task variants' strides and output norms), parameters ({@link io.solider.nn.backbone.Backbone}),
 * the stage wiring written once ({@link io.solider.nn.backbone.SwinStage}), whole graphs or stage
 * ranges ({@link io.solider.nn.backbone.SwinBackbone}, {@link io.solider.nn.backbone.StageRange})
 * and training with activation recomputation ({@link io.solider.nn.backbone.RecomputingBackbone}).
 */
package io.solider.nn.backbone;
