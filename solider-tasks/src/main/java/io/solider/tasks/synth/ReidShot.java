package io.solider.tasks.synth;

/**
 * Truth of one written re-id image.
 *
 * @param split {@code train}, {@code val}, {@code query} or {@code gallery}
 * @param path path relative to the data set root
 * @param pid identity as written (Market: as in the file name; MSMT17: as in the list file)
 * @param camera camera as written in the file name (1-based)
 */
public record ReidShot(String split, String path, int pid, int camera) {}
