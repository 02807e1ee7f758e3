/**
 * Tests of the state model: scoped reference lookups ({@code EcsReferences}) and the tagging
 * mutations.
 */
package dev.wharf.api.state;
