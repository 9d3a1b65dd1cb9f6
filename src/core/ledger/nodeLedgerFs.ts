import * as fs from 'node:fs/promises';
import type { LedgerFs } from './store';

/**
 * The ledger's file access on the real file system.
 *
 * Why one `write` on an O_APPEND descriptor is safe enough for two VS Code windows appending at once: with O_APPEND
 * the kernel moves the offset to the end of the file and writes in one step, so two processes never write over each
 * other's bytes (a read-the-size-then-write-there scheme would). POSIX promises no interleaving only for pipes up to
 * PIPE_BUF, but local file systems (ext4, APFS, NTFS through Node's append mode) serialise a single write to a regular
 * file, and a record is one write of well under 1 KiB (record.ts bounds its fields), so a line is never split by
 * another process's line. A crash can still cut the last write short: the reader skips that torn line, and finds a
 * record that was glued onto it again (store.ts).
 */
export const nodeLedgerFs: LedgerFs = {
  async append(file, line) {
    const handle = await fs.open(file, 'a');
    try {
      const data = Buffer.from(line, 'utf8');
      const { bytesWritten } = await handle.write(data, 0, data.length);
      // Not retried: a second write could land after another process's line and split this one in two.
      if (bytesWritten !== data.length) throw new Error(`short write to the ledger (${bytesWritten} of ${data.length} bytes)`);
    } finally {
      await handle.close();
    }
  },
  readFile: (file) => fs.readFile(file, 'utf8'),
  async list(dir) {
    try {
      return await fs.readdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  },
  async ensureDir(dir) {
    await fs.mkdir(dir, { recursive: true });
  },
};
