package io.solider.nn.checkpoint;

import java.util.LinkedHashMap;

/**
 * An {@code argparse.Namespace} from a pickle, as a plain map of its attributes. Its own type
 * lets BUILD tell attributes that belong in the map (a Namespace's) from those that do not (the
 * {@code _metadata} attribute torch puts on every state-dict OrderedDict).
 */
final class PickleNamespace extends LinkedHashMap<Object, Object> {
  private static final long serialVersionUID = 1L;
}
