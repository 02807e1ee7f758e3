/**
 * Tests of the command-line flag parser: values, defaults and the usage errors it reports.
 */
package dev.wharf.bootstrap.cli;
