/**
 * Human parsing head outputs and their post-processing: {@link
 * io.solider.tasks.parsing.head.ScoreMaps} (N, C, H, W) and the release's test-time fusion of
 * scales and flips.
 */
package io.solider.tasks.parsing.head;
