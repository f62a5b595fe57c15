package dev.cairn.ledger.rest;

import dev.cairn.ledger.service.CompletionQueries;
import java.util.List;
import java.util.function.Function;

/** One page of an answer: its items and the cursor of the next page ({@code after}), null on the last page. */
public record PageResponse<T>(List<T> items, String next) {

    static <S, T> PageResponse<T> of(CompletionQueries.Page<S> page, Function<S, T> item) {
        return new PageResponse<>(page.items().stream().map(item).toList(), page.next());
    }
}
