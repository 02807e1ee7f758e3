/**
 * The repository documents itself: every spec citation in the code resolves to an item of
 * docs/spec.md, nothing points outside the repository, every package says what it is for, and
 * CONTRIBUTING.md's commands work as written.
 */
package dev.wharf.tests.docs;
