// Development secrets generated once into DATA_DIR (never in production, where they must be set):
// the PII key and the sandbox Green API token.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function devSecret(dataDir: string, name: string, make: () => string = () => randomBytes(32).toString('hex')): string {
  const dir = path.join(dataDir, 'secrets');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const value = make();
  writeFileSync(file, value, { mode: 0o600, flag: 'wx' });
  return value;
}
