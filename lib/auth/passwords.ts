import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * Password hashing with scrypt (node:crypto), stored as `scrypt$N$r$p$saltB64$hashB64`.
 * N = 2^15, r = 8, p = 1 needs 128 * N * r = 32 MiB, which is exactly Node's default `maxmem`, so maxmem is
 * raised; hashing runs on the libuv pool (async), not on the event loop.
 */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Largest memory a stored hash may ask for (a tampered row cannot make us allocate gigabytes). */
const MAX_SCRYPT_MEMORY = 64 * 1024 * 1024;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

interface Params {
  N: number;
  r: number;
  p: number;
}

function scryptAsync(password: string, salt: Buffer, keylen: number, params: Params): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 2 * 128 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

const b64 = (b: Buffer) => b.toString("base64");

function encode(params: Params, salt: Buffer, hash: Buffer): string {
  return `scrypt$${params.N}$${params.r}$${params.p}$${b64(salt)}$${b64(hash)}`;
}

/** Strict base64 (Buffer.from is lenient: it skips characters it does not know). */
function decodeBase64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  const buf = Buffer.from(text, "base64");
  return b64(buf) === text ? buf : null;
}

interface Decoded {
  params: Params;
  salt: Buffer;
  hash: Buffer;
}

function decode(encoded: string): Decoded | null {
  const parts = encoded.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N, r, p] = parts.slice(1, 4).map((x) => (/^[1-9][0-9]{0,9}$/.test(x ?? "") ? Number(x) : NaN)) as [number, number, number];
  if (!Number.isSafeInteger(N) || N < 2 || (N & (N - 1)) !== 0) return null;
  if (!Number.isSafeInteger(r) || !Number.isSafeInteger(p) || r < 1 || p < 1 || p > 16) return null;
  if (128 * N * r > MAX_SCRYPT_MEMORY) return null;
  const salt = decodeBase64(parts[4]!);
  const hash = decodeBase64(parts[5]!);
  if (!salt || !hash || salt.length < 8 || hash.length < 16 || hash.length > 64) return null;
  return { params: { N, r, p }, salt, hash };
}

/** A new salted hash of `password` in the stored format. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptAsync(password, salt, KEY_BYTES, SCRYPT_PARAMS);
  return encode(SCRYPT_PARAMS, salt, hash);
}

/**
 * True when `password` matches the stored hash (compared in constant time). A malformed or tampered hash
 * is false, never an exception.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const d = decode(encoded);
  if (!d) return false;
  let key: Buffer;
  try {
    key = await scryptAsync(password, d.salt, d.hash.length, d.params);
  } catch {
    return false;
  }
  return key.length === d.hash.length && timingSafeEqual(key, d.hash);
}

/** True when the stored hash was made with other parameters than today's (re-hash it after a good login). */
export function needsRehash(encoded: string): boolean {
  const d = decode(encoded);
  return !d || d.params.N !== SCRYPT_PARAMS.N || d.params.r !== SCRYPT_PARAMS.r || d.params.p !== SCRYPT_PARAMS.p || d.hash.length !== KEY_BYTES;
}

/** A hash with today's parameters that no password matches: verifying against it costs what a real check costs. */
const DUMMY_HASH = encode(SCRYPT_PARAMS, randomBytes(SALT_BYTES), randomBytes(KEY_BYTES));

/**
 * For a login with an unknown (or disabled) username: does the same scrypt work as verifyPassword and
 * returns false, so the response time does not tell whether the user exists.
 */
export async function dummyVerify(password: string): Promise<false> {
  await verifyPassword(password, DUMMY_HASH);
  return false;
}

/** Why `password` is not acceptable (a sentence for the user), or null when it is. */
export function passwordPolicyError(password: string, username?: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return `The password must be at least ${PASSWORD_MIN_LENGTH} characters long (this one has ${length}). A few unrelated words make a good one.`;
  }
  if (length > PASSWORD_MAX_LENGTH) return `The password must be at most ${PASSWORD_MAX_LENGTH} characters long.`;
  if (username !== undefined && password.trim().toLowerCase() === username.trim().toLowerCase()) return "The password must not be the username.";
  return null;
}
