package io.solider.tasks.search.data;

/**
 * One person box in a search scene.
 *
 * @param box x, y, w, h in pixels (as stored in the .mat files)
 * @param pid identity: −1 for unlabelled people; CUHK-SYSU numbers identities 1..N per split in
 *     the order of Train.mat / the test protocol (as SeqNet does), PRW keeps its own ids
 * @param idName CUHK-SYSU's {@code idname} (PRW: the id as text; null when unlabelled)
 * @param hard CUHK-SYSU's {@code ishard} flag (false for PRW)
 */
public record SearchBox(int[] box, int pid, String idName, boolean hard) {}
