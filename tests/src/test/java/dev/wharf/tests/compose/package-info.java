/**
 * The docker compose layout: the generator's golden file, and the README's compose commands run as
 * written on a real Docker engine.
 */
package dev.wharf.tests.compose;
