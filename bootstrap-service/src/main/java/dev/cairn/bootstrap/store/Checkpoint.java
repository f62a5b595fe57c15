package dev.cairn.bootstrap.store;

/**
 * Where the listing of a source resumes: the prefix being listed, the continuation token of its next page (null: the
 * first page), a deeper root still to list afterwards (folder layout, see {@code FolderSourceLister}), and whether the
 * source is completely listed.
 */
public record Checkpoint(String listingPrefix, String continuationToken, String nextRoot, boolean done) {

    public static Checkpoint start(String prefix) {
        return new Checkpoint(prefix, null, null, false);
    }
}
