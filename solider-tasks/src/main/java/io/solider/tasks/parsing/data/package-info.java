/**
 * Human parsing data: LIP images, part masks and id lists ({@link io.solider.tasks.parsing.data.Lip}),
 * label PNGs read and written as raw class ids ({@link io.solider.tasks.parsing.data.LabelPng},
 * {@link io.solider.tasks.parsing.data.LipPalette}, {@link io.solider.tasks.parsing.data.ParsingOverlay}),
 * the release's train and test transforms ({@link io.solider.tasks.parsing.data.LipTrainTransform},
 * {@link io.solider.tasks.parsing.data.LipTestTransform}, {@link io.solider.tasks.parsing.data.SchpAffine},
 * {@link io.solider.tasks.parsing.data.LipFlip}) and edge targets ({@link
 * io.solider.tasks.parsing.data.EdgeTargets}).
 */
package io.solider.tasks.parsing.data;
