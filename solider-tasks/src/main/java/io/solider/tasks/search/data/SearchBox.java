package io.solider.tasks.search.data;

/**
 * One person box in a search scene.
 *
 * @param box x, y, w, h in pixels (as stored in the .mat files)
 * @param pid identity: −1 for unlabelled people; CUHK-SYSU numbers identities 1..N per split in
 *     the order of Train.mat / the test protocol (as SeqNet does), PRW keeps its own ids
 * @param idName CUHK-SYSU's {@code idname} (PRW: the id as text; null when unlabelled)
 * @param hard CUHK-SYSU's {@code ishard} flag (false for PRW)
 * @param xyxy corners x1, y1, x2, y2 exactly as the release's data sets hold them (int32):
 *     CUHK-SYSU truncates x, y, w, h and adds; PRW clips x, y, w, h at 0, adds, then truncates
 */
public record SearchBox(int[] box, int pid, String idName, boolean hard, int[] xyxy) {

  /** A box whose corners follow from integer x, y, w, h. */
  public SearchBox(int[] box, int pid, String idName, boolean hard) {
    this(box, pid, idName, hard, new int[] {box[0], box[1], box[0] + box[2], box[1] + box[3]});
  }

  /** The same person with another identity. */
  public SearchBox withPid(int newPid, String newIdName) {
    return new SearchBox(box, newPid, newIdName, hard, xyxy);
  }
}
