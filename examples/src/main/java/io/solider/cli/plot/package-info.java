/**
 * Charts of the command-line tool, rendered headless to PNG with JFreeChart. They live here rather
 * than in solider-tasks because they are presentation of a command's results: the library modules
 * stay free of AWT and a charting dependency.
 */
package io.solider.cli.plot;
