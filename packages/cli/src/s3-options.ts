import type { S3BlobStoreOptions } from '@deskwire/server';
import { CliError, EXIT } from './cli-error.js';
import { envOption } from './env-option.js';
import { bool } from './parse-options.js';

/** `deskwire serve`'s object-storage flags. Credentials are deliberately not among them (see `s3Options`). */
export interface S3Flags {
  s3Bucket?: string;
  s3Endpoint?: string;
  s3PublicEndpoint?: string;
  s3Region?: string;
  s3Prefix?: string;
  s3ForcePathStyle?: boolean;
}

/**
 * Attachments in S3 when a bucket is named (`--s3-bucket` or `DESKWIRE_S3_BUCKET`), each flag falling
 * back to its `DESKWIRE_S3_*` variable. Credentials come only from the AWS SDK's own chain
 * (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, a profile, an instance role): a flag would put the
 * secret in the process list and in shell history.
 */
export function s3Options(flags: S3Flags): S3BlobStoreOptions | undefined {
  const env = (name: string) => process.env[name] || undefined;
  const bucket = flags.s3Bucket ?? env('DESKWIRE_S3_BUCKET');
  const endpoint = flags.s3Endpoint ?? env('DESKWIRE_S3_ENDPOINT');
  const publicEndpoint = flags.s3PublicEndpoint ?? env('DESKWIRE_S3_PUBLIC_ENDPOINT');
  const region = flags.s3Region ?? env('DESKWIRE_S3_REGION');
  const prefix = flags.s3Prefix ?? env('DESKWIRE_S3_PREFIX');
  const forcePathStyle = flags.s3ForcePathStyle ?? envOption('DESKWIRE_S3_FORCE_PATH_STYLE', bool);
  if (bucket === undefined) {
    if (endpoint ?? publicEndpoint ?? region ?? prefix ?? forcePathStyle) {
      throw new CliError(
        'S3_BUCKET_MISSING',
        'the --s3-* options need a bucket: --s3-bucket or DESKWIRE_S3_BUCKET',
        EXIT.usage,
      );
    }
    return undefined;
  }
  for (const [flag, url] of [
    ['--s3-endpoint', endpoint],
    ['--s3-public-endpoint', publicEndpoint],
  ] as const) {
    if (url !== undefined && !/^https?:\/\//.test(url)) {
      throw new CliError('S3_ENDPOINT_INVALID', `${flag} must be an http(s) URL, got '${url}'`, EXIT.usage);
    }
  }
  return {
    bucket,
    ...(endpoint !== undefined && { endpoint }),
    ...(publicEndpoint !== undefined && { publicEndpoint }),
    ...(region !== undefined && { region }),
    ...(prefix !== undefined && { prefix }),
    ...(forcePathStyle !== undefined && { forcePathStyle }),
  };
}
