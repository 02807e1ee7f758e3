package dev.wharf.api.model.cloudmap;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Cloud Map tag ({@code Key}/{@code Value}). */
public record CloudMapTag(@JsonProperty("Key") String key, @JsonProperty("Value") String value) {}
