import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { LedgerTailFs, SnapshotStore } from './ledgerCache';
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
export const nodeLedgerFs: LedgerFs & LedgerTailFs & { remove(file: string): Promise<void> } = {
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
  async size(file) {
    try {
      return (await fs.stat(file)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  },
  async readFrom(file, offset) {
    const handle = await fs.open(file, 'r');
    try {
      const { size } = await handle.stat();
      const data = Buffer.alloc(Math.max(0, size - offset));
      let read = 0;
      while (read < data.length) {
        const { bytesRead } = await handle.read(data, read, data.length - read, offset + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      return data.subarray(0, read);
    } finally {
      await handle.close();
    }
  },
  remove: (file) => fs.rm(file, { force: true }),
};

/** Snapshots of the month files' columns in `dir` (a subfolder of the ledger's), on the real file system. */
export function nodeSnapshotStore(dir: string): SnapshotStore {
  return {
    dir,
    async read(file) {
      try {
        return await fs.readFile(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async write(file, data) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      // Another window may write the same snapshot at once: each writes its own temporary file, the renames replace.
      const tmp = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
      await fs.writeFile(tmp, data);
      await fs.rename(tmp, file);
    },
    async readRange(file, start, length) {
      const handle = await fs.open(file, 'r');
      try {
        const data = Buffer.alloc(length);
        const { bytesRead } = await handle.read(data, 0, length, start);
        return data.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
  };
}
