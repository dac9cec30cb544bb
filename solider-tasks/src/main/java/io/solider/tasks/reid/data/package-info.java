/** Readers for the re-identification sets: {@link io.solider.tasks.reid.data.Market1501} and {@link io.solider.tasks.reid.data.Msmt17}. */
package io.solider.tasks.reid.data;
