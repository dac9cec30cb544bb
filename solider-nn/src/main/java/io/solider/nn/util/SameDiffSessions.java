package io.solider.nn.util;

import java.lang.reflect.Field;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;

/**
 * Drops the execution sessions of a SameDiff instance (and of its gradient function). In
 * 1.0.0-M2.1 a session keeps the arrays of its last execution reachable until the next call on
 * the same instance, so a program that runs many graphs in turn (segments of a recomputed
 * backbone) holds every graph's last activations at once; dropping the session lets the garbage
 * collector reclaim them, and the session's array cache is closed so that its arrays are freed at
 * once. SameDiff has no public call for this, hence the reflective access to
 * its private {@code sessions} map, which its own {@code convertToVariables} clears the same way.
 */
public final class SameDiffSessions {

  private static final Field SESSIONS;

  static {
    try {
      SESSIONS = SameDiff.class.getDeclaredField("sessions");
      SESSIONS.setAccessible(true);
    } catch (NoSuchFieldException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private SameDiffSessions() {}

  /** Forgets the sessions of {@code sd} and of its gradient function, if any. */
  public static void clear(SameDiff sd) {
    clearOne(sd);
    SameDiff grad = sd.getFunction("grad");
    if (grad != null) {
      clearOne(grad);
    }
  }

  private static void clearOne(SameDiff sd) {
    try {
      @SuppressWarnings("unchecked")
      Map<Long, InferenceSession> sessions = (Map<Long, InferenceSession>) SESSIONS.get(sd);
      for (InferenceSession s : sessions.values()) {
        // The session's array cache holds intermediate arrays released for reuse (up to a quarter
        // of the off-heap limit per session); closing it frees them now. Arrays handed to the
        // caller are never in the cache.
        SessionMemMgr mmgr = s.getMmgr();
        if (mmgr != null) {
          mmgr.close();
        }
      }
      sessions.clear();
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot reach SameDiff sessions", e);
    }
  }
}
