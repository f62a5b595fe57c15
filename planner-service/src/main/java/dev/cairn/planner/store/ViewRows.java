package dev.cairn.planner.store;

import java.time.Instant;
import java.util.Arrays;

/**
 * A point-in-time copy of some projects of one pipeline, taken under the view's read lock and read without it
 * (the completion-log export and {@code /remaining} stream it while the view moves on).
 */
public final class ViewRows {

    private final String[] stageNamesById;
    private final int[] ranksById;
    private int count;
    private String[] projects = new String[64];
    private String[] configIds = new String[64];
    private int[] levelCodes = new int[64];
    private long[] completedSeconds = new long[64];
    private int[] completedNanos = new int[64];
    private String[] runIds = new String[64];

    ViewRows(String[] stageNamesById, int[] ranksById) {
        this.stageNamesById = stageNamesById;
        this.ranksById = ranksById;
    }

    void add(String configId, ProjectTable table, int e) {
        if (count == projects.length) {
            int capacity = count * 2;
            projects = Arrays.copyOf(projects, capacity);
            configIds = Arrays.copyOf(configIds, capacity);
            levelCodes = Arrays.copyOf(levelCodes, capacity);
            completedSeconds = Arrays.copyOf(completedSeconds, capacity);
            completedNanos = Arrays.copyOf(completedNanos, capacity);
            runIds = Arrays.copyOf(runIds, capacity);
        }
        projects[count] = table.name(e);
        configIds[count] = configId;
        levelCodes[count] = table.levelCode(e);
        completedSeconds[count] = table.completedSecond(e);
        completedNanos[count] = table.completedNano(e);
        runIds[count] = table.runId(e);
        count++;
    }

    public int size() {
        return count;
    }

    public String project(int i) {
        return projects[i];
    }

    public String configId(int i) {
        return configIds[i];
    }

    /** The level stage, or null when nothing is complete. */
    public String level(int i) {
        return levelCodes[i] == 0 ? null : stageNamesById[levelCodes[i] - 1];
    }

    /** Rank of the level in the declared stages; -1 when nothing is complete (or the stage is no longer declared). */
    public int levelRank(int i) {
        return levelCodes[i] == 0 ? -1 : ranksById[levelCodes[i] - 1];
    }

    /** Last completion of the level stage, or null when unknown. */
    public Instant completedAt(int i) {
        return completedNanos[i] < 0 ? null : Instant.ofEpochSecond(completedSeconds[i], completedNanos[i]);
    }

    /** Last run id of the level stage, or null. */
    public String runId(int i) {
        return runIds[i];
    }
}
