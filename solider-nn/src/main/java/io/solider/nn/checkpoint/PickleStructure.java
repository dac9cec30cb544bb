package io.solider.nn.checkpoint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the shape of an unpickled object before anything walks it recursively: no container
 * contains itself (directly or through others: {@code d['teacher'] = d}), containers nest at most
 * {@link #MAX_DEPTH} deep, and flattening yields at most {@link #MAX_ENTRIES} keys (shared
 * sub-dicts count once per path, so a chain of dicts that each hold the next one twice cannot
 * make flattening exponential). The walk is iterative and visits each container once.
 */
final class PickleStructure {

  /** Deepest container nesting accepted (real checkpoints nest fewer than ten levels). */
  static final int MAX_DEPTH = 100;
  /** Most flattened keys accepted (a full pretraining checkpoint has a few thousand). */
  static final long MAX_ENTRIES = 1_000_000;

  private PickleStructure() {}

  /** What the walk learnt about a container: its depth below and its flattened key count. */
  private record Summary(int depth, long entries) {}

  /** A container being visited, with the children not yet looked at. */
  private static final class Frame {
    final Object node;
    final List<Object> children;
    int next;
    int depth;
    long entries;

    Frame(Object node, List<Object> children) {
      this.node = node;
      this.children = children;
    }
  }

  /** Fails with a {@link MalformedPickle} if {@code root} breaks one of the limits above. */
  static void check(Object root) {
    Map<Object, Summary> done = new IdentityHashMap<>();
    Map<Object, Boolean> onPath = new IdentityHashMap<>();
    Deque<Frame> stack = new ArrayDeque<>();
    if (children(root) == null) {
      return;
    }
    stack.push(new Frame(root, children(root)));
    onPath.put(root, Boolean.TRUE);
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      if (f.next < f.children.size()) {
        Object c = f.children.get(f.next++);
        List<Object> grandChildren = children(c);
        if (grandChildren == null) {
          f.entries = add(f.entries, 1);
          continue;
        }
        if (onPath.containsKey(c)) {
          throw new MalformedPickle("a " + PickleValues.typeName(c) + " contains itself (directly or through "
              + "other containers); a state dict cannot be cyclic");
        }
        Summary known = done.get(c);
        if (known != null) {
          if (stack.size() + known.depth() > MAX_DEPTH) {
            throw new MalformedPickle("containers nest more than " + MAX_DEPTH + " levels deep");
          }
          merge(f, known);
          continue;
        }
        if (stack.size() >= MAX_DEPTH) {
          throw new MalformedPickle("containers nest more than " + MAX_DEPTH + " levels deep");
        }
        stack.push(new Frame(c, grandChildren));
        onPath.put(c, Boolean.TRUE);
        continue;
      }
      stack.pop();
      onPath.remove(f.node);
      Summary s = new Summary(f.depth + 1, Math.max(1, f.entries));
      if (s.entries() > MAX_ENTRIES) {
        throw new MalformedPickle("the checkpoint flattens to more than " + MAX_ENTRIES + " entries");
      }
      done.put(f.node, s);
      if (!stack.isEmpty()) {
        merge(stack.peek(), s);
      }
    }
  }

  private static void merge(Frame parent, Summary child) {
    parent.depth = Math.max(parent.depth, child.depth());
    parent.entries = add(parent.entries, child.entries());
  }

  private static long add(long a, long b) {
    long s = a + b;
    return s < 0 || s > MAX_ENTRIES + 1 ? MAX_ENTRIES + 1 : s;
  }

  /** The values inside a container (a dict's keys and values), or null for a leaf. */
  private static List<Object> children(Object o) {
    if (o instanceof Map<?, ?> m) {
      List<Object> c = new ArrayList<>(2 * m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        c.add(e.getKey());
        c.add(e.getValue());
      }
      return c;
    }
    if (o instanceof Collection<?> c) {
      return new ArrayList<>(c);
    }
    return null;
  }
}
