package io.solider.ssl.trainer;

import java.util.Collection;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The teacher's update after each step: {@code t ← m·t + (1 − m)·s}, in place, no gradient. */
public final class EmaTeacher {

  private EmaTeacher() {}

  /**
   * @param teacher the teacher's live arrays
   * @param student the student's arrays, same keys
   * @param names the keys to update (backbone and DINO head)
   */
  public static void update(Map<String, INDArray> teacher, Map<String, INDArray> student, Collection<String> names,
      double momentum) {
    for (String k : names) {
      INDArray t = teacher.get(k);
      INDArray s = student.get(k);
      if (t == null || s == null) {
        throw new IllegalStateException("teacher and student disagree on parameter " + k);
      }
      t.muli(momentum).addi(s.mul(1 - momentum));
    }
  }
}
