/**
 * Tests of the H2 store backend (durability, reopening, the change feed) and state fixtures shared
 * by the api tests.
 */
package dev.wharf.api.state;
