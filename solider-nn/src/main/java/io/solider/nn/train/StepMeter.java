package io.solider.nn.train;

import java.util.Map;

/** Averages the steps of one epoch for the epoch's log record and the listeners. */
public interface StepMeter<S extends StepRecord> {

  void add(S step);

  /** The epoch's averages, in log order; NaN where nothing applied. */
  Map<String, Double> averages();
}
