/** Pedestrian attribute readers: PA-100K's {@code annotation.mat} and a plain CSV layout. */
package io.solider.tasks.attribute.data;
