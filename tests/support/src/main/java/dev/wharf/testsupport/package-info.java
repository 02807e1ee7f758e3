/**
 * Helpers shared by the tests of several modules. Used with Maven scope {@code test} only.
 */
package dev.wharf.testsupport;
