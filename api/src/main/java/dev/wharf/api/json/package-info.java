/** The shared Jackson configurations: the stored form and the strict AWS wire form. */
package dev.wharf.api.json;
