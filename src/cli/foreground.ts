/**
 * Whether this process is in the foreground of its terminal, and its process group: only a
 * foreground process may switch the terminal to raw keys (a background one would be stopped
 * by SIGTTOU), and Ctrl-Z stops the whole group as the terminal itself would.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The process group and the terminal's foreground process group, when they can be read. */
export interface ProcessGroups {
  readonly pgrp: number;
  readonly foreground: number;
}

/** From `/proc/self/stat` (Linux): fields 5 (pgrp) and 8 (tpgid), counted after the name. */
function fromProc(): ProcessGroups | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgrp = Number(fields[2]);
    const foreground = Number(fields[5]);
    return Number.isSafeInteger(pgrp) && Number.isSafeInteger(foreground)
      ? { pgrp, foreground }
      : undefined;
  } catch {
    return undefined;
  }
}

/** From `ps` (macOS and other systems without /proc). */
function fromPs(): ProcessGroups | undefined {
  try {
    const out = spawnSync('ps', ['-o', 'pgid=,tpgid=', '-p', String(process.pid)], {
      encoding: 'utf8',
      timeout: 2000,
    });
    const [pgrp, foreground] = out.stdout.trim().split(/\s+/).map(Number);
    return Number.isSafeInteger(pgrp) && Number.isSafeInteger(foreground)
      ? { pgrp: pgrp!, foreground: foreground! }
      : undefined;
  } catch {
    return undefined;
  }
}

/** This process's groups, or undefined where they cannot be read (Windows). */
export function processGroups(): ProcessGroups | undefined {
  if (process.platform === 'win32') return undefined;
  return fromProc() ?? fromPs();
}

/** True when this process is in the foreground process group of its terminal. */
export function inForeground(): boolean {
  const groups = processGroups();
  return groups !== undefined && groups.pgrp > 0 && groups.pgrp === groups.foreground;
}
