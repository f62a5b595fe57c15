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
    private long[] statusBits = new long[64];
    private long[] changedMillis = new long[64];
    private long[] stageMillis; // count x stage ids

    ViewRows(String[] stageNamesById, int[] ranksById) {
        this.stageNamesById = stageNamesById;
        this.ranksById = ranksById;
        this.stageMillis = new long[64 * stageNamesById.length];
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
            statusBits = Arrays.copyOf(statusBits, capacity);
            changedMillis = Arrays.copyOf(changedMillis, capacity);
            stageMillis = Arrays.copyOf(stageMillis, capacity * stageNamesById.length);
        }
        projects[count] = table.name(e);
        configIds[count] = configId;
        levelCodes[count] = table.levelCode(e);
        completedSeconds[count] = table.completedSecond(e);
        completedNanos[count] = table.completedNano(e);
        runIds[count] = table.runId(e);
        statusBits[count] = table.statusBits(e);
        changedMillis[count] = table.changedMillis(e);
        for (int id = 0, n = stageNamesById.length; id < n; id++) {
            stageMillis[count * n + id] = table.stageMillis(e, id);
        }
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

    /** The names of the stage ids of this copy (index = id). */
    public String[] stageNamesById() {
        return stageNamesById.clone();
    }

    /** Status code ({@link StageMarks}) of stage id {@code id} of row {@code i}. */
    public int status(int i, int id) {
        return id >= 32 ? StageMarks.NONE : (int) (statusBits[i] >>> (2 * id)) & 3;
    }

    /** Last completion of stage id {@code id} of row {@code i} (epoch ms), or {@link StageMarks#NO_TIME}. */
    public long stageCompletedMillis(int i, int id) {
        return stageMillis[i * stageNamesById.length + id];
    }

    /** {@code recorded_at} of row {@code i}'s state (epoch ms): its last change. */
    public long changedMillis(int i) {
        return changedMillis[i];
    }
}
