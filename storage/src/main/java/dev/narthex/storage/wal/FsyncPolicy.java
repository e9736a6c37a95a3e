package dev.narthex.storage.wal;

/**
 * When the WAL forces written records to stable storage. Every policy writes a commit's records to the
 * operating system before the commit returns, so a committed append survives a crash of the process
 * (kill -9) in all of them; the policies differ only on power loss or a kernel crash.
 */
public enum FsyncPolicy {
    /** fsync before every commit returns: an acknowledged commit also survives power loss. */
    ALWAYS,
    /**
     * fsync at a fixed interval from a background thread, and when a segment or checkpoint is
     * completed: up to one interval lost on power loss.
     */
    BATCH,
    /**
     * Never fsync, not even closed segments or checkpoints: the OS decides when data reaches the disk.
     * For tests and throwaway data.
     */
    NONE
}
