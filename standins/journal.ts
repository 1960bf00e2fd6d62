// What a stand-in has received, kept in memory and — when it has a data folder — appended to a
// JSON-lines file, so restarting `npm start` does not lose the mail, SMS or court submissions a
// developer is still looking at.
import fs from 'node:fs';
import path from 'node:path';

export class Journal<T> {
  private readonly entries: T[];

  private constructor(private readonly file: string | undefined) {
    this.entries = file && fs.existsSync(file) ? readJsonLines<T>(file) : [];
  }

  /** Opens `<dataDir>/<fileName>`, or an in-memory journal when there is no data folder. */
  static open<T>(dataDir: string | undefined, fileName: string): Journal<T> {
    if (!dataDir) return new Journal<T>(undefined);
    fs.mkdirSync(dataDir, { recursive: true });
    return new Journal<T>(path.join(dataDir, fileName));
  }

  get all(): readonly T[] {
    return this.entries;
  }

  append(entry: T): void {
    // Written before the caller answers its client: what was acknowledged survives a crash.
    if (this.file) fs.appendFileSync(this.file, JSON.stringify(entry) + '\n');
    this.entries.push(entry);
  }

  clear(): void {
    if (this.file) fs.writeFileSync(this.file, '');
    this.entries.length = 0;
  }
}

function readJsonLines<T>(file: string): T[] {
  const out: T[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // A line cut short by a crash mid-write; everything before it is intact.
    }
  }
  return out;
}
