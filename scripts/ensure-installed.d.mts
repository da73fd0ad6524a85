/** Why the packages installed under `root` do not match its package-lock.json, or `undefined`. */
export function installProblem(root: string): string | undefined;
