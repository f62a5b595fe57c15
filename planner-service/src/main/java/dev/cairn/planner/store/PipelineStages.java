package dev.cairn.planner.store;

import dev.cairn.contracts.Pipelines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The stages of one pipeline as the view knows them. Every stage name seen gets a small id for good (at most
 * {@value #MAX_STAGE_IDS}, the ledger's limit of a declaration, so a level fits in one byte of {@link ProjectTable});
 * the declared order is the {@code stages} list of the newest record ({@code recorded_at}), and ranks are positions
 * in it. A pipeline may append stages later; the ledger refuses to reorder, rename or drop existing ones, so the names
 * ever seen are those of the newest declaration. A record that would take the pipeline past the limit is refused
 * whole ({@link #fits}) before anything changes.
 */
final class PipelineStages {

    static final int MAX_STAGE_IDS = Pipelines.MAX_STAGES;

    private final List<String> namesById = new ArrayList<>();
    private List<String> declared = List.of();
    private long declaredAtSecond = Long.MIN_VALUE;
    private int declaredAtNano;
    private int[] rankById = new int[0];

    /**
     * Whether a record keeps this pipeline within {@value #MAX_STAGE_IDS} stage names: its declared stages, its level
     * and the stages of its {@code stage_states}.
     */
    boolean fits(ViewState s) {
        Set<String> added = new HashSet<>();
        for (String stage : s.stages()) {
            addIfNew(stage, added);
        }
        addIfNew(s.level(), added);
        if (s.marks() != null) {
            s.marks().stages().forEach(stage -> addIfNew(stage, added));
        }
        return namesById.size() + added.size() <= MAX_STAGE_IDS;
    }

    private void addIfNew(String stage, Set<String> added) {
        if (stage != null && !namesById.contains(stage)) {
            added.add(stage);
        }
    }

    /**
     * The id of {@code stage} (created when new), or -1 when the pipeline already has {@value #MAX_STAGE_IDS} stage
     * names (callers check {@link #fits} first, so this is a last guard).
     */
    int idOf(String stage) {
        int id = namesById.indexOf(stage);
        if (id >= 0) {
            return id;
        }
        if (namesById.size() >= MAX_STAGE_IDS) {
            return -1;
        }
        namesById.add(stage);
        rankById = Arrays.copyOf(rankById, namesById.size());
        rankById[namesById.size() - 1] = declared.indexOf(stage);
        return namesById.size() - 1;
    }

    /** Adopts {@code stages} as the declared order when it comes from a record at least as new as the current one. */
    void declare(List<String> stages, long recordedSecond, int recordedNano) {
        boolean newer = recordedSecond > declaredAtSecond
                || (recordedSecond == declaredAtSecond && recordedNano >= declaredAtNano);
        if (!newer) {
            return;
        }
        declaredAtSecond = recordedSecond;
        declaredAtNano = recordedNano;
        if (stages.equals(declared)) {
            return;
        }
        declared = List.copyOf(stages);
        for (String stage : declared) {
            idOf(stage);
        }
        for (int id = 0; id < namesById.size(); id++) {
            rankById[id] = declared.indexOf(namesById.get(id));
        }
    }

    /** A copy (a view image). */
    PipelineStages copy() {
        PipelineStages c = new PipelineStages();
        c.namesById.addAll(namesById);
        c.declared = declared;
        c.declaredAtSecond = declaredAtSecond;
        c.declaredAtNano = declaredAtNano;
        c.rankById = rankById.clone();
        return c;
    }

    /** Writes the stage names by id and the declaration with its {@code recorded_at} ({@link ViewImage}'s format). */
    void writeTo(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(namesById.size());
        for (String name : namesById) {
            ViewImage.writeString(out, name);
        }
        out.writeInt(declared.size());
        for (String name : declared) {
            out.writeInt(namesById.indexOf(name));
        }
        out.writeLong(declaredAtSecond);
        out.writeInt(declaredAtNano);
    }

    /** Reads what {@link #writeTo} wrote; the ranks are derived again from the declaration. */
    static PipelineStages readFrom(ViewImage.Input in) throws java.io.IOException {
        PipelineStages s = new PipelineStages();
        int count = in.count(2);
        if (count > MAX_STAGE_IDS) {
            throw new java.io.IOException(count + " stage names, more than " + MAX_STAGE_IDS);
        }
        for (int id = 0; id < count; id++) {
            String name = in.readString();
            if (s.namesById.contains(name)) {
                throw new java.io.IOException("stage name " + name + " twice");
            }
            s.namesById.add(name);
        }
        int declaredCount = in.count(4);
        List<String> declared = new ArrayList<>(declaredCount);
        for (int i = 0; i < declaredCount; i++) {
            int id = in.readInt();
            if (id < 0 || id >= count || declared.contains(s.namesById.get(id))) {
                throw new java.io.IOException("declared stage id " + id + " of " + count);
            }
            declared.add(s.namesById.get(id));
        }
        s.declared = List.copyOf(declared);
        s.declaredAtSecond = in.readLong();
        s.declaredAtNano = in.readInt();
        s.rankById = new int[count];
        for (int id = 0; id < count; id++) {
            s.rankById[id] = s.declared.indexOf(s.namesById.get(id));
        }
        return s;
    }

    /** Number of stage ids given out. */
    int ids() {
        return namesById.size();
    }

    List<String> declared() {
        return declared;
    }

    String name(int id) {
        return namesById.get(id);
    }

    /** Rank of a stage id in the declared order, or -1 when the current declaration no longer names it. */
    int rank(int id) {
        return rankById[id];
    }

    /** Names by id, for use outside the lock. */
    String[] namesById() {
        return namesById.toArray(String[]::new);
    }

    int[] ranksById() {
        return rankById.clone();
    }
}
