package dev.cairn.planner.service;

import java.time.Instant;

/** Where the view stood for an answer: the newest {@code recorded_at} applied and the records not yet applied. */
public record ViewStamp(Instant asOf, long lag) {}
