/** Pedestrian detection data: CityPersons in Pedestron's COCO-style JSON. */
package io.solider.tasks.detection.data;
