import {
  appendFileSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * Who serves a persisted local database. LevelDB admits one process per folder, so one process
 * (the host) opens it and serves it on a local port; every other process sends its requests there.
 * The host claims the folder with a pid file and, once listening, publishes its endpoint.
 */

const CLAIM_FILE = 'incidentiq.pid';
const ENDPOINT_FILE = 'incidentiq.endpoint';
/** What LevelDB dropped when a host opened the database, one JSON line per opening that dropped any. */
const REPAIRS_FILE = 'incidentiq.repairs.jsonl';
/** Held for the few milliseconds of taking over a dead host's claim. */
const TAKEOVER_LOCK = 'incidentiq.takeover';
/** A takeover lock older than this was left by a process that died while taking over. */
const STALE_TAKEOVER_MS = 10_000;

export type ClaimOutcome =
  | { claimed: true; release: () => void }
  | { claimed: false; holder: number | null; endpoint: string | null };

/** Tries once to claim `dir`; otherwise tells who holds it and where it serves (null while it starts). */
export function tryClaim(dir: string): ClaimOutcome {
  mkdirSync(dir, { recursive: true });
  const claimFile = join(dir, CLAIM_FILE);
  if (createWithContent(claimFile, String(process.pid))) return { claimed: true, release: releaser(dir) };
  const holder = readPid(claimFile);
  if (holder !== null && holder !== process.pid && isAlive(holder)) {
    return { claimed: false, holder, endpoint: publishedEndpoint(dir, holder) };
  }
  if (holder === process.pid) return { claimed: false, holder, endpoint: publishedEndpoint(dir, holder) };
  // The holder is gone (killed, crashed): take its claim over, one process at a time.
  const lock = join(dir, TAKEOVER_LOCK);
  try {
    mkdirSync(lock);
  } catch {
    if (Date.now() - mtimeOf(lock) > STALE_TAKEOVER_MS) rmSync(lock, { recursive: true, force: true });
    return { claimed: false, holder: null, endpoint: null };
  }
  try {
    if (readPid(claimFile) === holder) {
      rmSync(claimFile, { force: true });
      rmSync(join(dir, ENDPOINT_FILE), { force: true });
    }
    if (createWithContent(claimFile, String(process.pid))) return { claimed: true, release: releaser(dir) };
    return { claimed: false, holder: null, endpoint: null };
  } finally {
    rmdirSync(lock);
  }
}

/** The host says where it serves; written whole (rename), so a reader never sees half of it. */
export function publishEndpoint(dir: string, endpoint: string): void {
  const file = join(dir, ENDPOINT_FILE);
  const temporary = `${file}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify({ pid: process.pid, endpoint }));
  renameSync(temporary, file);
}

/** Keeps what a host's opening repaired, for every process to tell its readers (the console). */
export function recordRepairs(dir: string, at: Date, lines: readonly string[]): void {
  appendFileSync(join(dir, REPAIRS_FILE), `${JSON.stringify({ at: at.toISOString(), lines })}\n`);
}

/** The repairs recorded under `dir`, oldest first; unreadable lines are left out. */
export function recordedRepairs(dir: string): { at: string; lines: string[] }[] {
  let text: string;
  try {
    text = readFileSync(join(dir, REPAIRS_FILE), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((line) => {
    try {
      const value = JSON.parse(line) as { at?: unknown; lines?: unknown };
      return typeof value.at === 'string' && Array.isArray(value.lines)
        ? [{ at: value.at, lines: value.lines.filter((l): l is string => typeof l === 'string') }]
        : [];
    } catch {
      return [];
    }
  });
}

function publishedEndpoint(dir: string, holder: number): string | null {
  try {
    const value = JSON.parse(readFileSync(join(dir, ENDPOINT_FILE), 'utf8')) as {
      pid?: unknown;
      endpoint?: unknown;
    };
    return value.pid === holder && typeof value.endpoint === 'string' ? value.endpoint : null;
  } catch {
    return null;
  }
}

function releaser(dir: string): () => void {
  return () => {
    rmSync(join(dir, ENDPOINT_FILE), { force: true });
    if (readPid(join(dir, CLAIM_FILE)) === process.pid) rmSync(join(dir, CLAIM_FILE), { force: true });
  };
}

/** Creates `file` holding `content`, atomically: a hard link to a complete temporary file. */
function createWithContent(file: string, content: string): boolean {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temporary, content);
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    rmSync(temporary, { force: true });
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
