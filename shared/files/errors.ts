import { DomainError } from '../kit/errors.ts';

/**
 * A file that cannot be read as its format requires: damaged, of another format, or over a cap.
 * Only a new file helps, so a job that meets one fails for good (with this `code` and message)
 * instead of being retried. Each area's import errors extend it.
 */
export class FileError extends DomainError {
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(status, code, message, details);
  }
}

/** A ZIP archive that cannot or must not be read. `code` tells which case. */
export class ZipError extends FileError {
  constructor(code: string, message: string, details?: unknown) {
    super(422, code, message, details);
  }
}

/** Not a ZIP, truncated, or internally inconsistent. */
export class ZipFormatError extends ZipError {
  constructor(message: string, details?: unknown) {
    super('zip_invalid', `The ZIP file is damaged or not a ZIP file: ${message}`, details);
  }
}

/** A password-protected entry (its name, when the archive lets it be read). */
export class ZipEncryptedError extends ZipError {
  constructor(name?: string) {
    super(
      'zip_encrypted',
      `${name === undefined ? 'A file' : `"${name}"`} in the ZIP is password-protected; export it again without a password.`,
      name === undefined ? undefined : { name },
    );
  }
}

/** Split (multi-disk) archives or a compression method other than stored/deflate. */
export class ZipUnsupportedError extends ZipError {
  constructor(feature: string, details?: unknown) {
    super('zip_unsupported', `The ZIP uses ${feature}, which Mosaic cannot read; re-create it with a standard ZIP tool.`, {
      feature,
      ...(details as object | undefined),
    });
  }
}

/** An entry whose bytes do not match their CRC-32. */
export class ZipCrcError extends ZipError {
  constructor(name: string) {
    super('zip_crc_mismatch', `"${name}" in the ZIP is damaged (its checksum does not match); download or export it again.`, { name });
  }
}

/** Too many entries, or one entry or all of them expanding beyond a cap or ratio (the zip-bomb guard). */
export class ZipTooLargeError extends ZipError {
  constructor(message: string, details?: unknown) {
    super('zip_too_large', message, details);
  }
}

/** An entry name that would escape the folder it is unpacked in (`..`, absolute or drive paths). */
export class ZipUnsafePathError extends ZipError {
  constructor(name: string) {
    super('zip_unsafe_path', `The ZIP holds an unsafe path ("${name}"): absolute paths and ".." are refused.`, { name });
  }
}
