/**
 * Tests of the ECS model rules shared by the API and the translator: the network layouts' address
 * plan and alias VIPs.
 */
package dev.wharf.api.model.ecs;
