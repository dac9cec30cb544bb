package io.solider.tasks.reid.data;

import java.nio.file.Path;

/**
 * One re-id image.
 *
 * @param image the image file
 * @param pid identity: for training splits relabelled to 0..N−1, otherwise as in the data set
 *     (0 is Market-1501's distractor identity)
 * @param rawPid identity as written in the file name or list
 * @param camera 0-based camera (the file name's camera minus one)
 */
public record ReidSample(Path image, int pid, int rawPid, int camera) {}
