/**
 * CityPersons evaluation: the log-average miss rate over FPPI 10^-2…10^0 of the release's
 * {@code eval_MR_multisetup.py}, for its four height/visibility setups, quirks included.
 */
package io.solider.tasks.detection.metric;
