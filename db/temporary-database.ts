/**
 * A throw-away PostgreSQL database on the server DATABASE_URL points at, for tests and benchmarks:
 * created with a unique name, dropped (with force) afterwards.
 */
import crypto from "node:crypto";
import postgres from "postgres";

export interface TemporaryDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTemporaryDatabase(serverUrl: string, prefix: string): Promise<TemporaryDatabase> {
  const name = `${prefix}_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      try {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}

export async function withTemporaryDatabase<T>(serverUrl: string, prefix: string, work: (url: string) => Promise<T> | T): Promise<T> {
  const database = await createTemporaryDatabase(serverUrl, prefix);
  try {
    return await work(database.url);
  } finally {
    await database.drop();
  }
}
