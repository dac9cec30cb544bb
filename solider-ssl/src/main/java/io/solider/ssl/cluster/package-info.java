/** Semantic clustering: pseudo part labels from the teacher's last-stage maps (the release's {@code get_mask}). */
package io.solider.ssl.cluster;
