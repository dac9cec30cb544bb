/**
 * The DL4J training UI for SOLIDER pretraining: DL4J's StatsListener only attaches to
 * MultiLayerNetwork/ComputationGraph, so the pretraining loop feeds the UI's StatsStorage with
 * the UI's own report objects.
 */
package io.solider.ui;
