// The memory of a process and everything under it, from /proc: shared by
// scripts/startup.mjs (the window at its login screen) and scripts/daywork.mjs (after a
// day's work). Linux only.
import { readdirSync, readFileSync } from 'node:fs';

/** Every process under `root` (by parent pid), `root` included. */
export function tree(root) {
  const parents = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command may hold spaces and parentheses: fields start after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(name), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const found = [root];
  for (let i = 0; i < found.length; i += 1) {
    for (const [pid, ppid] of parents) if (ppid === found[i]) found.push(pid);
  }
  return found;
}

/**
 * RSS, PSS and USS (private pages: what the processes alone hold, whatever else maps
 * the same libraries) in MB, summed over the processes, with their names; `each` is
 * PSS by name, `eachUss` USS by name.
 */
export function memory(pids) {
  let rss = 0;
  let pss = 0;
  let uss = 0;
  const names = [];
  const each = {};
  const eachUss = {};
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const one = Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      pss += one;
      const own =
        Number(/^Private_Clean:\s+(\d+)/m.exec(rollup)?.[1] ?? 0) +
        Number(/^Private_Dirty:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      uss += own;
      const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      names.push(name);
      each[name] = (each[name] ?? 0) + one / 1024;
      eachUss[name] = (eachUss[name] ?? 0) + own / 1024;
    } catch {
      // a kernel thread or gone
    }
  }
  return { rss: rss / 1024, pss: pss / 1024, uss: uss / 1024, names, each, eachUss };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Least-squares slope of `y` over `x`, for points `[x, y]`. */
export function slope(points) {
  const mx = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  const sxy = points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0);
  const sxx = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  return sxy / sxx;
}
