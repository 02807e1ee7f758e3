/**
 * Translator tests: the golden cases ({@code testdata/in} → {@code testdata/out}), determinism
 * under input order, incremental translation equal to a from-scratch one, and option validation.
 */
package dev.wharf.translator;
