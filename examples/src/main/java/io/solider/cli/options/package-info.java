/**
 * The command line's shared vocabulary: picocli mixins that every command uses for the same
 * concept, so an option has one name, one format and one meaning across the tool (a command
 * passes its task's default to the mixin's constructor; help shows it).
 */
package io.solider.cli.options;
