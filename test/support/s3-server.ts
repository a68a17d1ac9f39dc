// A real S3-compatible server (s3rver) on 127.0.0.1 with one bucket, and an SDK client pointed at it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export interface S3Server {
  endpoint: string;
  bucket: string;
  client(): S3Client;
  close(): Promise<void>;
}

export async function startS3Server(bucket = 'archive'): Promise<S3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'digest-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const created = await fetch(`${endpoint}/${bucket}`, { method: 'PUT' });
  if (!created.ok) throw new Error(`s3rver: could not create bucket ${bucket}: ${created.status}`);
  return {
    endpoint,
    bucket,
    client: () =>
      new S3Client({
        endpoint,
        forcePathStyle: true, // an IP endpoint has no virtual hosts
        region: 'us-east-1',
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      }),
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
