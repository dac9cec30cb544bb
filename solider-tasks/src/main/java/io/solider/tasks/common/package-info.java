/**
 * Pieces shared by the task data readers: {@link io.solider.tasks.common.DatasetSummary},
 * {@link io.solider.tasks.common.DatasetFormatException} for layouts that are wrong, and
 * {@link io.solider.tasks.common.ImageSource}, which skips and counts unreadable images.
 */
package io.solider.tasks.common;
