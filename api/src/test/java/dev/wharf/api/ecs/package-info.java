/**
 * Tests of the ECS operations and the task lifecycle sidecars drive (registration, StopTask,
 * withdrawal), in process through the AWS JSON 1.1 service.
 */
package dev.wharf.api.ecs;
