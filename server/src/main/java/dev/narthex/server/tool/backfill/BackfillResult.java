package dev.narthex.server.tool.backfill;

import dev.narthex.storage.block.BlockMeta;
import java.util.List;

/** What an import wrote: the blocks moved into the output directory, and the totals. */
public record BackfillResult(int series, long samples, List<BlockMeta> blocks) {
}
