/**
 * Wharf's ECS and Cloud Map API, assembled ({@link dev.wharf.api.WharfApi}). Packages, each depending
 * only on those after it: {@code ecs} and {@code cloudmap} (the operations; {@code ecs} also holds the
 * task lifecycle the sidecars drive and uses {@code cloudmap}'s state helpers), {@code protocol} (the
 * AWS JSON 1.1 framework: dispatch, errors, validation rules, paging), {@code json} (the Jackson
 * configurations) and {@code state} (the H2 backend); the records, {@code MeshState} and the store
 * contract are in the {@code wharf-model} module.
 */
package dev.wharf.api;
