/** Processes by parent, from /proc (Linux): to freeze a server together with the workers it forked. */
import fs from 'node:fs';

function parentOf(pid: number): number | undefined {
  try {
    // /proc/PID/stat: "pid (comm) state ppid …"; comm may contain spaces and parentheses, so read after the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** `pid` and every process below it. */
export function processTree(pid: number): number[] {
  const all = fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
  const children = new Map<number, number[]>();
  for (const child of all) {
    const parent = parentOf(child);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const tree: number[] = [];
  const visit = (p: number) => {
    tree.push(p);
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return tree;
}

/**
 * SIGSTOP to a server and its children: alive, connections accepted by the kernel, nothing answered —
 * the "hung database" of issue 13. The parent first, so it forks nothing new meanwhile. Returns how many.
 */
export function freezeTree(pid: number): number {
  const tree = processTree(pid);
  for (const p of tree) signal(p, 'SIGSTOP');
  return tree.length;
}

export function thawTree(pid: number): number {
  const tree = processTree(pid);
  for (const p of tree.reverse()) signal(p, 'SIGCONT');
  return tree.length;
}

function signal(pid: number, name: NodeJS.Signals) {
  try {
    process.kill(pid, name);
  } catch {
    // gone meanwhile
  }
}
