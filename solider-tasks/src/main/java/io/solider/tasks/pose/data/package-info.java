/** COCO person-keypoint reader ({@link io.solider.tasks.pose.data.CocoKeypoints}). */
package io.solider.tasks.pose.data;
