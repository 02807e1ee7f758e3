package dev.wharf.api.model.cloudmap;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Cloud Map tag ({@code Key}/{@code Value}). */
@JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
public record CloudMapTag(String key, String value) {}
