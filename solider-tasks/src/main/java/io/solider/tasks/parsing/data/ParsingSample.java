package io.solider.tasks.parsing.data;

import java.nio.file.Path;

/**
 * One LIP image and its part mask.
 *
 * @param id image id (file stem, from {@code SPLIT_id.txt})
 * @param image the RGB image
 * @param mask the 8-bit PNG of class ids 0–19 (255 = ignore)
 */
public record ParsingSample(String id, Path image, Path mask) {}
